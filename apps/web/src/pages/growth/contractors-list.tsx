// Contractors, searchable by id or name, a page at a time; each opens their page.
import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import { growthPath } from "./growth-types";

const PAGE = 50;

export function ContractorsList() {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const [offset, setOffset] = useState(0);
  const list = useQuery(
    trpc.growth.contractors.queryOptions(
      { search: debounced, limit: PAGE, offset },
      { placeholderData: keepPreviousData },
    ),
  );
  return (
    <Stack gap="md">
      <TextInput
        label="Search contractors"
        placeholder="Id or name"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          setOffset(0);
        }}
        maw={400}
      />
      <QueryState query={list} what="the contractors">
        {(rows) => (
          <Paper withBorder radius="md">
            <Table verticalSpacing="xs" highlightOnHover aria-label="Contractors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Contractor</Table.Th>
                  <Table.Th>Team size</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Focus areas</Table.Th>
                  <Table.Th>Region</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.contractorId}>
                    <Table.Td>
                      <Anchor component={Link} to={growthPath.contractor(c.contractorId)} size="sm">
                        {c.name ?? c.contractorId}
                      </Anchor>
                      {c.name && (
                        <Text size="xs" c="dimmed">
                          {c.contractorId}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{c.teamSize ?? "—"}</Table.Td>
                    <Table.Td>{c.stage ?? "—"}</Table.Td>
                    <Table.Td>{c.focusAreas.join(", ") || "—"}</Table.Td>
                    <Table.Td>{c.region ?? "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {rows.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" p="md">
                No contractors{debounced ? ` match “${debounced}”` : " yet: import them first"}.
              </Text>
            )}
          </Paper>
        )}
      </QueryState>
      <Group>
        <Button
          variant="default"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
        >
          Previous
        </Button>
        <Button
          variant="default"
          disabled={(list.data?.length ?? 0) < PAGE}
          onClick={() => setOffset(offset + PAGE)}
        >
          Next
        </Button>
      </Group>
    </Stack>
  );
}
