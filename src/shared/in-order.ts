/**
 * Handles messages one at a time, in the order they came, even when the handler awaits (workers
 * yield between files so native trees are freed): replies leave in the order requests arrived.
 */
export function inOrder<T>(handle: (message: T) => Promise<void>): (message: T) => void {
  const inbox: T[] = [];
  let busy = false;
  const work = async (): Promise<void> => {
    busy = true;
    for (let message = inbox.shift(); message !== undefined; message = inbox.shift()) await handle(message);
    busy = false;
  };
  return (message) => {
    inbox.push(message);
    if (!busy) void work();
  };
}
