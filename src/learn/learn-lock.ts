import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AttractorError } from '../shared/errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the learn lock (a file created exclusively, holding our pid). A second `learn` on the
 * same repository refuses with a clear message; a lock left by a process that died is taken over.
 */
export function acquireLearnLock(file: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new AttractorError('locked', `another "attractor-lint learn" (pid ${pid}) is running on this repository; wait for it or remove ${file} if it is gone`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new AttractorError('locked', `cannot take the learn lock ${file}`);
}
