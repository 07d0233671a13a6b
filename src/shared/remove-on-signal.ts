/**
 * Temporary things (a clone, a worktree) that must not outlive an interrupted run. A SIGINT,
 * SIGTERM or SIGHUP runs every registered removal, newest first, then exits with the signal's
 * conventional code (130, 143, 129). The handlers are installed while anything is registered.
 */
const removals: (() => void)[] = [];
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

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

/** Registers `remove` to run on a signal; the returned function unregisters it (call it after removing). */
export function removeOnSignal(remove: () => void): () => void {
  if (removals.length === 0) for (const s of SIGNALS) process.on(s, onSignal);
  removals.push(remove);
  return () => {
    const at = removals.indexOf(remove);
    if (at !== -1) removals.splice(at, 1);
    if (removals.length === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}
