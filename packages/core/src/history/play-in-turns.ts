// Messages played between two turns of the event loop.
const MESSAGES_PER_TURN = 64;

/**
 * Plays messages in turns: playing is synchronous work (matching, learning, refitting the classifier), and a batch
 * of thousands must not hold the event loop for seconds, or the process's other work (a query's connection, an HTTP
 * request in the API that runs an uploaded import) times out behind it.
 */
export async function playInTurns<T>(
  messages: readonly T[],
  play: (message: T) => void,
): Promise<void> {
  for (let at = 0; at < messages.length; at++) {
    if (at > 0 && at % MESSAGES_PER_TURN === 0)
      await new Promise((resolve) => setImmediate(resolve));
    play(messages[at]!);
  }
}
