// After an operator acts on a decision, everything that shows decisions, the queue or confidence is stale.
import type { QueryClient } from "@tanstack/react-query";
import { trpc } from "../trpc";

export async function refreshReplyQueries(queryClient: QueryClient): Promise<void> {
  await Promise.all(
    [trpc.queue, trpc.conversations, trpc.patterns, trpc.stats].map((procedures) =>
      queryClient.invalidateQueries({ queryKey: procedures.pathKey() }),
    ),
  );
}
