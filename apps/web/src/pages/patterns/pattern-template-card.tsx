// The reply a pattern proposes, with its variables; operators edit it here, each save a new version.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconPencil } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import type { Pattern } from "../../reply-engine-types";
import { trpc } from "../../trpc";
import { PatternPreviewPanel } from "./pattern-preview-panel";
import { refreshPatternQueries } from "./refresh-pattern-queries";

const MAX_TEMPLATE_LENGTH = 1600;

export function PatternTemplateCard({ pattern, canEdit }: { pattern: Pattern; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5">
            Reply template
          </Title>
          {canEdit && !editing && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPencil size={14} />}
              onClick={() => setEditing(true)}
            >
              Edit template
            </Button>
          )}
        </Group>
        {editing ? (
          <TemplateEditor pattern={pattern} onDone={() => setEditing(false)} />
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="pattern-template">
            {pattern.responseTemplate}
          </Text>
        )}
        {pattern.variables.length > 0 && (
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              Variables:
            </Text>
            {pattern.variables.map((name) => {
              const fallback = pattern.variableDefaults[name];
              return (
                <Badge key={name} variant="outline" color="gray" tt="none">
                  {`{{${name}}}`}
                  {fallback !== undefined && ` = ${fallback}`}
                </Badge>
              );
            })}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function TemplateEditor({ pattern, onDone }: { pattern: Pattern; onDone: () => void }) {
  const queryClient = useQueryClient();
  // Fixed when editing starts: a refetch showing someone else's newer version must not slip under this edit.
  const [baseVersion] = useState(pattern.version);
  const [template, setTemplate] = useState(pattern.responseTemplate);
  const [reason, setReason] = useState("");
  const update = useMutation(
    trpc.patterns.update.mutationOptions({
      onSuccess: async (updated) => {
        notifications.show({
          color: "green",
          message:
            updated.version === baseVersion
              ? "Nothing changed."
              : `Saved as version ${updated.version}.`,
        });
        onDone();
        await refreshPatternQueries(queryClient);
      },
    }),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (template.trim() === "") return;
    update.mutate({
      id: pattern.id,
      // Someone else's edit in between makes the server refuse this one rather than overwrite it.
      expectedVersion: baseVersion,
      responseTemplate: template.trim(),
      ...(reason.trim() ? { changeReason: reason.trim() } : {}),
    });
  }

  return (
    <form onSubmit={handleSubmit}>
      <Stack gap="sm">
        {update.error && (
          <Alert color="red" title="Template not saved" icon={<IconAlertCircle />}>
            {describeError(update.error)}
          </Alert>
        )}
        <Textarea
          label="Template"
          description="Use {{name}} for a value that changes, e.g. {{time}} or {{customer_name}}."
          autosize
          minRows={3}
          maxLength={MAX_TEMPLATE_LENGTH}
          data-autofocus
          value={template}
          onChange={(event) => setTemplate(event.currentTarget.value)}
        />
        <TextInput
          label="Why the change"
          placeholder="Optional; kept with the version"
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group gap="xs">
          <Button
            type="submit"
            size="xs"
            loading={update.isPending}
            disabled={template.trim() === ""}
          >
            Save template
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
        <PatternPreviewPanel
          triggerText={pattern.triggerText}
          responseTemplate={template}
          patternId={pattern.id}
        />
      </Stack>
    </form>
  );
}
