// The builder's live preview of a pattern being written or edited: its variables, the reply as sample customers
// would get it, the past messages it would have matched and the patterns it overlaps. The server renders all of
// it with the engine's own code, so what is shown is what would be sent.
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { formatDateTime } from "../../format-date-time";
import { formatScore } from "../../format-number";
import { trpc } from "../../trpc";

const PREVIEW_DEBOUNCE_MS = 300;

export function PatternPreviewPanel(props: {
  triggerText: string;
  responseTemplate: string;
  /** The pattern being edited, if any. */
  patternId?: string;
}) {
  const [debounced] = useDebouncedValue(props, PREVIEW_DEBOUNCE_MS);
  const triggerText = debounced.triggerText.trim();
  const responseTemplate = debounced.responseTemplate.trim();
  const ready = triggerText !== "" && responseTemplate !== "";
  const preview = useQuery({
    ...trpc.patterns.preview.queryOptions({
      triggerText,
      responseTemplate,
      ...(debounced.patternId ? { patternId: debounced.patternId } : {}),
    }),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  if (!ready) {
    return (
      <Text size="sm" c="dimmed">
        Write the question and the reply to see the preview.
      </Text>
    );
  }
  if (preview.isPending) return <Loader size="sm" />;
  if (preview.isError) return <ErrorAlert title="No preview" error={preview.error} />;
  const data = preview.data;
  return (
    <Stack gap="md" data-testid="pattern-preview">
      {data.templateError ? (
        <Alert color="red" title="This template cannot be saved">
          {data.templateError}
        </Alert>
      ) : (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            Variables:
          </Text>
          {data.variables.length === 0 && (
            <Text size="xs" c="dimmed">
              none
            </Text>
          )}
          {data.variables.map((name) => (
            <Badge key={name} variant="outline" color="gray" tt="none">{`{{${name}}}`}</Badge>
          ))}
        </Group>
      )}
      <Stack gap="xs">
        <Title order={3} size="h6">
          As customers would get it
        </Title>
        {data.samples.map((sample) => (
          <Paper key={sample.label} withBorder p="xs" radius="sm" data-testid="preview-sample">
            <Text size="xs" c="dimmed">
              {sample.label}
              {sample.customerName ? ` (${sample.customerName})` : ""}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {sample.text}
            </Text>
            {sample.missing.length > 0 && (
              <Text size="xs" c="orange">
                {`No value for ${sample.missing.map((name) => `{{${name}}}`).join(", ")}: never sent automatically.`}
              </Text>
            )}
          </Paper>
        ))}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h6">
          {`Past messages it would have matched (${data.matches.length})`}
        </Title>
        {data.matches.length === 0 ? (
          <Text size="sm" c="dimmed">
            None of the recent customer messages.
          </Text>
        ) : (
          <Table striped withTableBorder fz="sm" data-testid="preview-matches">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Message</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Score</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.matches.map((match) => (
                <Table.Tr key={match.messageId}>
                  <Table.Td>{match.text}</Table.Td>
                  <Table.Td>{formatDateTime(match.sentAt)}</Table.Td>
                  <Table.Td>{formatScore(match.score)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h6">
          {`Patterns it overlaps (${data.overlaps.length})`}
        </Title>
        {data.overlaps.length === 0 ? (
          <Text size="sm" c="dimmed">
            No existing pattern asks or answers the same.
          </Text>
        ) : (
          data.overlaps.map((overlap) => (
            <Paper key={overlap.patternId} withBorder p="xs" radius="sm">
              <Anchor component={Link} to={`/patterns/${overlap.patternId}`} size="sm">
                {overlap.triggerText}
              </Anchor>
              <Text size="xs" c="dimmed">
                {overlap.responseTemplate}
              </Text>
              <Text size="xs">
                {`Question ${formatScore(overlap.questionScore)} · answer ${formatScore(overlap.answerSimilarity)}${overlap.isActive ? " · active" : ""}`}
              </Text>
            </Paper>
          ))
        )}
      </Stack>
    </Stack>
  );
}
