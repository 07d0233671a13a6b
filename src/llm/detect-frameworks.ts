import type { LanguageId } from '../model.js';
import { importedModules } from './imported-modules.js';

/** A library a file may build on, and the APIs fixes in code using it typically reach for. */
export interface Framework {
  name: string;
  family: 'python' | 'javascript';
  /** Imported package names (Python: top-level package; JavaScript: package). */
  modules: string[];
  apis: string[];
}

/**
 * Kept small on purpose: each row says which APIs a fix is likely to need, and the expected APIs
 * are only those the finding's rule itself talks about (see expectedApis), so a row never forces an
 * unrelated API on a fix.
 */
const FRAMEWORKS: readonly Framework[] = [
  { name: 'asyncio', family: 'python', modules: ['asyncio'], apis: ['await', 'gather', 'create_task', 'wait_for', 'to_thread'] },
  { name: 'aiohttp', family: 'python', modules: ['aiohttp'], apis: ['await', 'ClientSession', 'ClientTimeout', 'raise_for_status'] },
  { name: 'httpx', family: 'python', modules: ['httpx'], apis: ['await', 'AsyncClient', 'timeout', 'raise_for_status'] },
  { name: 'requests', family: 'python', modules: ['requests'], apis: ['timeout', 'raise_for_status', 'Session'] },
  { name: 'fastapi', family: 'python', modules: ['fastapi', 'starlette'], apis: ['await', 'HTTPException', 'Depends'] },
  { name: 'flask', family: 'python', modules: ['flask'], apis: ['abort', 'jsonify', 'current_app'] },
  { name: 'django', family: 'python', modules: ['django'], apis: ['atomic', 'get_object_or_404', 'select_related'] },
  { name: 'sqlalchemy', family: 'python', modules: ['sqlalchemy', 'flask_sqlalchemy', 'sqlmodel'], apis: ['rollback', 'commit', 'begin', 'close'] },
  { name: 'dbapi', family: 'python', modules: ['sqlite3', 'psycopg2', 'psycopg', 'pymysql', 'MySQLdb', 'asyncpg'], apis: ['rollback', 'commit', 'close'] },
  { name: 'subprocess', family: 'python', modules: ['subprocess'], apis: ['check', 'shlex', 'run'] },
  { name: 'express', family: 'javascript', modules: ['express'], apis: ['next', 'catch', 'status'] },
  { name: 'react', family: 'javascript', modules: ['react', 'react-dom'], apis: ['useEffect', 'useState', 'useCallback'] },
  { name: 'axios', family: 'javascript', modules: ['axios'], apis: ['await', 'catch'] },
  { name: 'fetch', family: 'javascript', modules: ['node-fetch', 'undici'], apis: ['await', 'ok', 'catch'] },
  { name: 'node-fs', family: 'javascript', modules: ['fs', 'fs/promises'], apis: ['await', 'promises'] },
  { name: 'child_process', family: 'javascript', modules: ['child_process'], apis: ['execFile', 'spawn'] },
];

/** The frameworks `text` imports (Python by top-level package, JavaScript/TypeScript by package). */
export function detectFrameworks(text: string, language: LanguageId): Framework[] {
  const family = language === 'python' ? 'python' : 'javascript';
  const packages = new Set(importedModules(text, language).map((m) => (family === 'python' ? (m.split('.')[0] as string) : m)));
  return FRAMEWORKS.filter((f) => f.family === family && f.modules.some((m) => packages.has(m)));
}
