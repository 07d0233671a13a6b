export { git, splitZ } from './exec-git.js';
export { findWorktreeRoot, repoToplevel } from './repo.js';
export { readBlobs, stagedEntries } from './staged-files.js';
export type { BlobContent, StagedEntry } from './staged-files.js';
export { listRepoFiles } from './list-files.js';
export { gitDir, indexFile, mergeTexts, setIndexEntry, worktreeForm, writeBlob } from './index-writes.js';
