// The rows of a file that could not be imported, in file order, with the reason and the start of each row.
import { Button, Code, Group, Loader, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../error-alert";
import { trpc, trpcClient } from "../../trpc";

const PAGE_SIZE = 50;

export function ImportRejections({
  importId,
  refreshMs,
}: {
  importId: string;
  refreshMs: number | false;
}) {
  // Paged by line number rather than by tRPC's `cursor` field, so the pages are fetched here instead of through
  // infiniteQueryOptions; the key still sits under the procedure's path.
  const rejections = useInfiniteQuery({
    queryKey: [...trpc.imports.rejections.pathKey(), { importId, pageSize: PAGE_SIZE }],
    queryFn: ({ pageParam, signal }) =>
      trpcClient.imports.rejections.query(
        { importId, afterLine: pageParam, limit: PAGE_SIZE },
        { signal },
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (lastPage) => lastPage.nextAfterLine ?? undefined,
    refetchInterval: refreshMs,
  });

  if (rejections.isPending) {
    return (
      <Group justify="center" p="md">
        <Loader size="sm" />
      </Group>
    );
  }
  if (rejections.isError) {
    return <ErrorAlert title="Could not load the rejected rows" error={rejections.error} />;
  }

  const rows = rejections.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No row was rejected.
      </Text>
    );
  }

  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-label="Rejected rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>Line</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Row</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.line}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {row.line}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.reason}</Text>
                </Table.Td>
                <Table.Td maw={420}>
                  <Code style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
                    {row.excerpt}
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="center" pt="sm">
        {rejections.hasNextPage ? (
          <Button
            variant="default"
            onClick={() => void rejections.fetchNextPage()}
            loading={rejections.isFetchingNextPage}
          >
            Load more
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            {rows.length === 1 ? "1 rejected row" : `${rows.length} rejected rows`}, all shown
          </Text>
        )}
      </Group>
    </>
  );
}
