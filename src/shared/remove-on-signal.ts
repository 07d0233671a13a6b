/**
 * Temporary things (a clone, a worktree) that must not outlive an interrupted run. A SIGINT,
 * SIGTERM or SIGHUP runs every registered removal, newest first, then exits with the signal's
 * conventional code (130, 143, 129). The handlers are installed while anything is registered, and
 * a turn of the event loop longer: Node runs a signal's handler only when the loop turns, so a
 * signal that arrives during synchronous work (a test command run with spawnSync) is still pending
 * when that work unregisters its removal, and must still end the run.
 */
const removals: (() => void)[] = [];
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const remove of removals.splice(0).reverse()) {
    try {
      remove();
    } catch {
      // Best effort: the next removal still runs, and the exit still happens.
    }
  }
  process.exit(CODES[signal] ?? 1);
}

/**
 * Runs `fn` after the event loop has passed its poll phase, where libuv delivers a signal that
 * arrived meanwhile: one setImmediate may still run in the current turn, before that phase; a
 * second one scheduled from it runs in the next turn, after it.
 */
function afterPoll(fn: () => void): void {
  setImmediate(() => setImmediate(fn).unref()).unref();
}

/** Resolves once a signal that arrived during synchronous work has had its handler run. */
export function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function uninstallWhenIdle(): void {
  afterPoll(() => {
    if (removals.length > 0 || !installed) return;
    for (const s of SIGNALS) process.off(s, onSignal);
    installed = false;
  });
}

/** Registers `remove` to run on a signal; the returned function unregisters it (call it after removing). */
export function removeOnSignal(remove: () => void): () => void {
  if (!installed) {
    for (const s of SIGNALS) process.on(s, onSignal);
    installed = true;
  }
  removals.push(remove);
  return () => {
    const at = removals.indexOf(remove);
    if (at !== -1) removals.splice(at, 1);
    if (removals.length === 0) uninstallWhenIdle();
  };
}
