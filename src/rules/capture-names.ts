/** Capture names used in a tree-sitter query source (`@name`), ignoring string literals and comments. */
export function captureNames(query: string): Set<string> {
  const stripped = query.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/;[^\n]*/g, '');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/@([A-Za-z_][\w.-]*)/g)) names.add(match[1] as string);
  return names;
}
