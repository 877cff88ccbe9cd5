// One list of flagged customers (VIP or opted out): name, phone, since when, and the action that removes the flag.
import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { formatDateTime } from "../../format-date-time";

export interface FlaggedCustomerRow {
  id: string;
  name: string | null;
  phone: string;
  since: string | Date | null;
}

export function FlaggedCustomersTable({
  label,
  rows,
  empty,
  action,
}: {
  label: string;
  rows: FlaggedCustomerRow[];
  empty: string;
  action: (row: FlaggedCustomerRow) => ReactNode;
}) {
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>Since</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{row.name ?? <Text c="dimmed">Unknown</Text>}</Table.Td>
              <Table.Td>{row.phone}</Table.Td>
              <Table.Td>{formatDateTime(row.since)}</Table.Td>
              <Table.Td ta="right">{action(row)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
