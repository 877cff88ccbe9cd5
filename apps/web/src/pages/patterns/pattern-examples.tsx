// The exchanges a pattern was learned from, newest first (texts are stored with personal data masked).
import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import { formatDateTime } from "../../format-date-time";
import type { PatternDetail } from "../../reply-engine-types";

export function PatternExamples({ examples }: { examples: PatternDetail["examples"] }) {
  const shown = examples.items.length;
  return (
    <Paper withBorder radius="md">
      <div style={{ padding: "var(--mantine-spacing-md)" }}>
        <Title order={2} size="h5">
          Examples
        </Title>
        <Text size="xs" c="dimmed">
          {examples.total === 1 ? "1 example" : `${examples.total} examples`}
          {shown < examples.total && `, newest ${shown} shown`}
          {" · "}
          {examples.alternativeCount === 1
            ? "1 distinct reply"
            : `${examples.alternativeCount} distinct replies`}
        </Text>
      </div>
      {shown === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="md">
          No examples yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label="Examples">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Reply</Table.Th>
                <Table.Th w={100}>Source</Table.Th>
                <Table.Th w={170}>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {examples.items.map((example) => (
                <Table.Tr key={example.id}>
                  <Table.Td>
                    <Text size="sm">{example.customerText}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{example.replyText}</Text>
                    {example.isGoldStandard && (
                      <Badge size="xs" color="yellow" variant="light">
                        Gold standard
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{example.source}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(example.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
