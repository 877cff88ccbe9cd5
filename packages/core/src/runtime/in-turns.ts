// Long synchronous work in a process that also serves requests: done item by item, with a turn of the event loop
// whenever a few milliseconds have gone by.
import { setImmediate as nextTurn } from "node:timers/promises";

/** Work between two turns of the event loop: a request waits at most about this long behind it. */
const TURN_MS = 10;

/**
 * Calls `each` on every item in order, yielding to the event loop every TURN_MS. Matching, learning and comparing
 * answers are synchronous, and thousands of them in one go would hold the event loop for seconds: the process's
 * other work (a webhook's acknowledgement, a query's connection, an HTTP request in the API that runs an uploaded
 * import) would time out behind it. Yielding changes only when other work runs, never what `each` computes.
 */
export async function inTurns<T>(items: Iterable<T>, each: (item: T) => void): Promise<void> {
  let turnStarted = performance.now();
  for (const item of items) {
    if (performance.now() - turnStarted >= TURN_MS) {
      await nextTurn();
      turnStarted = performance.now();
    }
    each(item);
  }
}
