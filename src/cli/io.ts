/** Everything a command may touch of the process, injected so commands run in-process in tests. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours and progress only on a terminal. */
  isTTY: boolean;
}
