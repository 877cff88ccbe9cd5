// The pattern builder: from an example (a customer question and the reply) or from scratch, with the variables it
// finds, a live preview for sample customers, the past messages it would have matched and the patterns it
// overlaps. Saving makes an inactive pattern, as always; an admin turns it on.
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconWand } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import type { RouterOutputs } from "@playbook/api/router";
import { describeError } from "../describe-error";
import { PageHeader } from "../page-header";
import type { PatternType } from "../reply-engine-types";
import { isPatternType, patternTypeOptions } from "../replies/pattern-type-labels";
import { trpc } from "../trpc";
import { AllPatternsLink } from "./patterns/all-patterns-link";
import { readCreatePatternLink } from "./patterns/create-pattern-link";
import { PatternPreviewPanel } from "./patterns/pattern-preview-panel";

type Draft = RouterOutputs["patterns"]["draft"];

export function PatternBuilderPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [example] = useState(() => readCreatePatternLink(params));
  const [question, setQuestion] = useState(example.question);
  const [reply, setReply] = useState(example.reply);
  const [triggerText, setTriggerText] = useState("");
  const [template, setTemplate] = useState("");
  const [type, setType] = useState<PatternType>("general");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);

  async function makeDraft(input: { question: string; reply: string }) {
    setDrafting(true);
    setDraftError(null);
    try {
      const made = await queryClient.fetchQuery(trpc.patterns.draft.queryOptions(input));
      setDraft(made);
      setTriggerText(made.triggerText);
      setTemplate(made.responseTemplate);
      setType(made.type);
    } catch (error) {
      setDraftError(describeError(error));
    } finally {
      setDrafting(false);
    }
  }
  // Opened with an example ("make a pattern from this"): the draft is made at once.
  const drafted = useRef(false);
  useEffect(() => {
    if (drafted.current || !example.question.trim() || !example.reply.trim()) return;
    drafted.current = true;
    void makeDraft(example);
    // Once, for the example the page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const create = useMutation(
    trpc.patterns.create.mutationOptions({
      onSuccess: async (pattern) => {
        notifications.show({ color: "green", message: "Saved as an inactive pattern." });
        await queryClient.invalidateQueries({ queryKey: trpc.patterns.pathKey() });
        void navigate(`/patterns/${pattern.id}`);
      },
    }),
  );
  const canSave = triggerText.trim() !== "" && template.trim() !== "";

  return (
    <>
      <PageHeader
        title="Pattern builder"
        description="New patterns start inactive: an admin turns each one on."
        actions={<AllPatternsLink />}
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Paper withBorder radius="md" p="md">
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (!drafting) void makeDraft({ question, reply });
                }}
              >
                <Stack gap="sm">
                  <Title order={2} size="h5">
                    From an example
                  </Title>
                  <Textarea
                    label="The customer's question"
                    autosize
                    minRows={2}
                    maxLength={2000}
                    value={question}
                    onChange={(event) => setQuestion(event.currentTarget.value)}
                  />
                  <Textarea
                    label="The reply"
                    autosize
                    minRows={2}
                    maxLength={1600}
                    value={reply}
                    onChange={(event) => setReply(event.currentTarget.value)}
                  />
                  {draftError && (
                    <Text size="sm" c="red">
                      {draftError}
                    </Text>
                  )}
                  <Group>
                    <Button
                      type="submit"
                      variant="light"
                      leftSection={<IconWand size={16} />}
                      loading={drafting}
                      disabled={!question.trim() || !reply.trim()}
                    >
                      Find the variables
                    </Button>
                  </Group>
                  {draft && (
                    <Group gap={6} data-testid="found-variables">
                      <Text size="xs" c="dimmed">
                        Found:
                      </Text>
                      {draft.variables.length === 0 && (
                        <Text size="xs" c="dimmed">
                          no variables
                        </Text>
                      )}
                      {draft.variables.map((variable) => (
                        <Badge key={variable.name} variant="light" tt="none">
                          {`{{${variable.name}}}${variable.value ? ` ← ${variable.value}` : ""}`}
                        </Badge>
                      ))}
                    </Group>
                  )}
                </Stack>
              </form>
            </Paper>
            <Paper withBorder radius="md" p="md">
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (create.isPending || !canSave) return;
                  create.mutate({
                    type,
                    triggerText,
                    responseTemplate: template,
                    ...(draft ? { triggerKeywords: draft.triggerKeywords } : {}),
                  });
                }}
              >
                <Stack gap="sm">
                  <Title order={2} size="h5">
                    The pattern
                  </Title>
                  <Textarea
                    label="What the customer asks"
                    required
                    autosize
                    minRows={2}
                    maxLength={2000}
                    value={triggerText}
                    onChange={(event) => setTriggerText(event.currentTarget.value)}
                  />
                  <Textarea
                    label="Reply template"
                    description="The answer only: the greeting and sign-off from Settings are added when it is sent. Use {{time}}, {{date}} and the like for values that change."
                    required
                    autosize
                    minRows={3}
                    maxLength={1600}
                    value={template}
                    onChange={(event) => setTemplate(event.currentTarget.value)}
                  />
                  <Select
                    label="Type"
                    data={patternTypeOptions}
                    value={type}
                    allowDeselect={false}
                    onChange={(value) => {
                      if (isPatternType(value)) setType(value);
                    }}
                  />
                  {create.error && (
                    <Alert color="red" title="Pattern not saved">
                      {describeError(create.error)}
                    </Alert>
                  )}
                  <Group justify="flex-end">
                    <Button type="submit" loading={create.isPending} disabled={!canSave}>
                      Save as inactive pattern
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder radius="md" p="md">
            <Stack gap="sm">
              <Title order={2} size="h5">
                Preview
              </Title>
              <PatternPreviewPanel triggerText={triggerText} responseTemplate={template} />
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
