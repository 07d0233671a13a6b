import type { Rule } from 'eslint';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG } from '../config/defaults.js';
import type { SourceFile } from '../files/source-file.js';
import { changedSince, findWorktreeRoot, resolveCommit } from '../git/index.js';
import type { Finding } from '../model.js';
import { extensionMap, languageOfPath } from '../parse/index.js';
import { changeSiblings } from '../siblings/change-siblings.js';
import { SIBLING_DESCRIPTION } from '../siblings/sibling-rule.js';

const LANGUAGES = extensionMap();

/** The change's sibling findings by repository path, kept while the change (paths, blobs, file stamps) stays the same. */
const cache = new Map<string, { key: string; byPath: Map<string, Finding[]> }>();

/**
 * The siblings of the working tree's change against HEAD. Under lint-staged the working tree holds
 * exactly the staged content (it hides unstaged changes while tasks run), so this is the staged
 * diff; elsewhere (an editor, `eslint .`) it is the diff against HEAD.
 */
function siblingsOf(root: string): Map<string, Finding[]> {
  const head = resolveCommit(root, 'HEAD');
  if (!head) return new Map();
  const changed = changedSince(root, head).filter((c) => c.base && languageOfPath(c.path, LANGUAGES));
  const stamp = (path: string): string => {
    try {
      const s = statSync(join(root, path));
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return 'gone';
    }
  };
  const key = JSON.stringify([head, changed.map((c) => [c.path, c.base, stamp(c.path)])]);
  const hit = cache.get(root);
  if (hit?.key === key) return hit.byPath;
  const files: SourceFile[] = changed.map((c) => ({
    id: c.path,
    display: c.path,
    language: languageOfPath(c.path, LANGUAGES) as SourceFile['language'],
    absolute: join(root, c.path),
    base: { blob: c.base as string },
    load: () => {
      try {
        return { bytes: readFileSync(join(root, c.path)) };
      } catch {
        return { skip: 'deleted' };
      }
    },
  }));
  const { findings } = changeSiblings(files, {
    ...DEFAULT_CONFIG.siblings,
    root,
    version: { worktree: true },
    include: DEFAULT_CONFIG.include,
    exclude: DEFAULT_CONFIG.exclude,
    extensions: {},
    maxFileSize: DEFAULT_CONFIG.maxFileSize,
    severity: 'info',
    subject: 'This change',
  });
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  cache.set(root, { key, byPath });
  return byPath;
}

/**
 * `attractor/sibling-of-staged-edit`: in the linted file, the sites the change being made (staged
 * under lint-staged, else against HEAD) left as they were where it edited the same code elsewhere.
 * Nothing outside a git repository or when git fails. Reports only; never fixes through ESLint.
 */
export function siblingRule(): Rule.RuleModule {
  return {
    meta: {
      type: 'suggestion',
      docs: { description: SIBLING_DESCRIPTION },
      schema: [],
      messages: { sibling: '{{message}}' },
      languages: ['js/js', 'attractor/typescript', 'attractor/python'],
    },
    create(context) {
      const { filename } = context;
      return {
        Program() {
          if (!isAbsolute(filename)) return;
          let found: Finding[] | undefined;
          try {
            const root = findWorktreeRoot(dirname(filename));
            if (!root) return;
            found = siblingsOf(root).get(relative(root, filename).split(sep).join('/'));
          } catch {
            return; // no git, no HEAD: nothing to compare with
          }
          for (const f of found ?? []) {
            context.report({ loc: { start: { line: f.line, column: f.column - 1 }, end: { line: f.endLine, column: f.endColumn - 1 } }, messageId: 'sibling', data: { message: f.message } });
          }
        },
      };
    },
  };
}
