// What a history file must look like, next to the upload form.
import { Badge, Code, Paper, Table, Text, Title } from "@mantine/core";

const columns: { name: string; required: boolean; description: string }[] = [
  {
    name: "message_id",
    required: false,
    description:
      "The message's id in the export; importing the same file again skips what is there.",
  },
  {
    name: "conversation_id",
    required: false,
    description: "Keeps one conversation's messages together.",
  },
  {
    name: "sent_at",
    required: true,
    description: "When it was sent, ISO 8601 with a time zone: 2025-03-01T10:00:00Z.",
  },
  {
    name: "direction",
    required: true,
    description:
      "inbound (from the customer) or outbound (from the business); incoming and outgoing work too.",
  },
  { name: "customer_phone", required: true, description: "The customer's phone number." },
  { name: "customer_name", required: false, description: "The customer's name." },
  { name: "operator", required: false, description: "Who answered, for outbound messages." },
  { name: "body", required: true, description: "What was said." },
];

export function CsvColumnsHelp() {
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={2} size="h4" mb={4}>
        The file
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A CSV file with a header row, one message per row, in any order. The column names of an
        OpenPhone export are recognised as well. A row that cannot be read is reported with its line
        number and never stops the others.
      </Text>
      <Table verticalSpacing={4} aria-label="Columns of a history file">
        <Table.Tbody>
          {columns.map((column) => (
            <Table.Tr key={column.name}>
              <Table.Td w={150}>
                <Code>{column.name}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {column.description}{" "}
                  {!column.required && (
                    <Badge size="xs" variant="default">
                      optional
                    </Badge>
                  )}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
