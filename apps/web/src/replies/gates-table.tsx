// Every gate of the decision policy for one message: which passed, which stopped it, and why.
import { Badge, Table, Text } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import type { DecisionGate } from "../reply-engine-types";

export function GatesTable({ gates }: { gates: DecisionGate[] }) {
  if (gates.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No gates were evaluated.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={6} aria-label="Decision gates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>Gate</Table.Th>
            <Table.Th w={120}>Result</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {gates.map((gate) => (
            <Table.Tr key={gate.gate}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {gate.gate}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={gate.passed ? "green" : "red"}
                  leftSection={gate.passed ? <IconCheck size={12} /> : <IconX size={12} />}
                >
                  {gate.passed ? "Passed" : "Failed"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {gate.detail}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
