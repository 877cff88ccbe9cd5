// How the growth pages show a query that is loading or failed.
import { Group, Loader } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorAlert } from "../../error-alert";

export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: UseQueryResult<T, unknown>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (query.isError) return <ErrorAlert title={`Could not load ${what}`} error={query.error} />;
  return <>{children(query.data)}</>;
}
