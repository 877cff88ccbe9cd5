// One audit entry's change as an admin reads it: each field with what it was and what it became.
import { Code, Group, Stack, Text } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";

type Change = { field: string; before?: unknown; after?: unknown };

// camelCase field names as words: "responseTemplate" → "response template".
const fieldName = (field: string) => field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

function Value({ value, tone }: { value: unknown; tone: "before" | "after" }) {
  if (value === null || value === undefined || value === "") {
    return (
      <Text span size="sm" c="dimmed">
        (none)
      </Text>
    );
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return (
    <Code
      color={tone === "before" ? "red.0" : "green.0"}
      style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}
    >
      {text}
    </Code>
  );
}

export function AuditChanges({
  changes,
  details,
}: {
  changes: Change[] | null;
  details: Record<string, unknown>;
}) {
  if (changes === null) {
    // An event rather than a change: its details as they were recorded, when there are any.
    const entries = Object.entries(details).filter(([, value]) => value !== null && value !== "");
    if (entries.length === 0) {
      return (
        <Text size="sm" c="dimmed">
          —
        </Text>
      );
    }
    return (
      <Stack gap={2}>
        {entries.map(([key, value]) => (
          <Text size="sm" key={key}>
            <Text span c="dimmed">
              {fieldName(key)}:
            </Text>{" "}
            {typeof value === "string" ? value : JSON.stringify(value)}
          </Text>
        ))}
      </Stack>
    );
  }
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No field changed
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {changes.map((change) => (
        <Group key={change.field} gap={6} wrap="nowrap" align="flex-start">
          <Text size="sm" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {fieldName(change.field)}
          </Text>
          <Value value={change.before} tone="before" />
          <IconArrowRight size={14} style={{ flexShrink: 0, marginTop: 4 }} aria-label="became" />
          <Value value={change.after} tone="after" />
        </Group>
      ))}
    </Stack>
  );
}
