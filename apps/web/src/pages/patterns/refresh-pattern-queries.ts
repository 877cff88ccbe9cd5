// After a pattern changes, every list and detail view of patterns (and the numbers on Overview) is stale.
import type { QueryClient } from "@tanstack/react-query";
import { trpc } from "../../trpc";

export async function refreshPatternQueries(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.patterns.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.stats.pathKey() }),
  ]);
}
