// Whether and how automation may act: the master switch, shadow mode, trust thresholds, working hours and
// the per-customer rate limit. Everyone sees them; only admins change them.
import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { describeError } from "../../describe-error";
import { ErrorAlert } from "../../error-alert";
import type { Settings } from "../../reply-engine-types";
import { KillSwitchButton } from "../../replies/kill-switch-button";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import {
  buildSettingsPatch,
  toAutomationDraft,
  type AutomationDraft,
  type DraftErrors,
  type NumberField,
} from "./automation-settings-draft";
import { WorkingHoursEditor } from "./working-hours-editor";

const numberInputs: { field: NumberField; label: string; description: string; step: number }[] = [
  {
    field: "autoExecuteThreshold",
    label: "Auto-send threshold",
    description: "Confidence a pattern needs to send on its own",
    step: 0.01,
  },
  {
    field: "suggestThreshold",
    label: "Suggest threshold",
    description: "Confidence to suggest a reply to the operator",
    step: 0.01,
  },
  {
    field: "queueThreshold",
    label: "Queue threshold",
    description: "Confidence to queue a reply for approval",
    step: 0.01,
  },
  {
    field: "minExecutionsForAuto",
    label: "Successes before auto-send",
    description: "Approved uses a pattern needs first",
    step: 1,
  },
  {
    field: "maxAutoRepliesPerCustomer",
    label: "Automatic replies per customer",
    description: "At most this many within the window",
    step: 1,
  },
  {
    field: "autoReplyWindowMinutes",
    label: "Rate-limit window (minutes)",
    description: "The window the limit above counts in",
    step: 1,
  },
  {
    field: "alertWaitingMinutes",
    label: "Alert after waiting (minutes)",
    description: "Tell Slack and open dashboards when a reply waits this long for review",
    step: 1,
  },
];

function timeZoneOptions(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}

export function AutomationSettingsCard() {
  const user = useCurrentUser();
  const settings = useQuery(trpc.config.get.queryOptions());

  return (
    <Paper withBorder p="lg" radius="md">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Title order={2} size="h4">
            Automation
          </Title>
          <Text size="sm" c="dimmed">
            {isAdmin(user)
              ? "When Playbook may act on its own. Everything starts disabled and in shadow mode."
              : "When Playbook may act on its own. Only admins change these."}
          </Text>
        </div>
        {isAdmin(user) && <KillSwitchButton />}
      </Group>
      {settings.isPending && <Loader size="sm" />}
      {settings.isError && (
        <ErrorAlert title="Could not load the automation settings" error={settings.error} />
      )}
      {settings.data && (
        // Keyed by content: when the stored settings change (a save, the kill switch, another admin), the form
        // starts again from them, so a stale "enabled" can never be saved back over the kill switch. A refetch
        // that brings the same values keeps what is being typed.
        <AutomationSettingsForm
          key={JSON.stringify(settings.data)}
          settings={settings.data}
          editable={isAdmin(user)}
        />
      )}
    </Paper>
  );
}

function AutomationSettingsForm({ settings, editable }: { settings: Settings; editable: boolean }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AutomationDraft>(() => toAutomationDraft(settings));
  const [errors, setErrors] = useState<DraftErrors>({});
  const zones = useMemo(() => timeZoneOptions(draft.timezone), [draft.timezone]);
  const save = useMutation(
    trpc.config.set.mutationOptions({
      onSuccess: async (saved) => {
        // Storing the answer re-keys the form, which starts again from the saved values.
        queryClient.setQueryData(trpc.config.get.queryKey(), saved);
        notifications.show({ color: "green", message: "Automation settings saved." });
        await queryClient.invalidateQueries({ queryKey: trpc.system.pathKey() });
      },
    }),
  );
  const set = (changes: Partial<AutomationDraft>) => setDraft({ ...draft, ...changes });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const built = buildSettingsPatch(settings, draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    if (Object.keys(built.patch).length === 0) {
      notifications.show({ color: "gray", message: "Nothing to save." });
      return;
    }
    save.mutate(built.patch);
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Automation settings">
      <Fieldset variant="unstyled" disabled={!editable}>
        <Stack gap="md">
          {save.error && (
            <Alert color="red" title="Settings not saved" icon={<IconAlertCircle />}>
              {describeError(save.error)}
            </Alert>
          )}
          {errors.form && <Alert color="red">{errors.form}</Alert>}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Switch
              label="Automation enabled"
              description="The master switch: off, nothing is suggested, queued or sent."
              checked={draft.enabled}
              onChange={(event) => set({ enabled: event.currentTarget.checked })}
            />
            <Switch
              label="Shadow mode"
              description="On, decisions are only recorded, never acted on."
              checked={draft.shadowMode}
              onChange={(event) => set({ shadowMode: event.currentTarget.checked })}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {numberInputs.map(({ field, label, description, step }) => (
              <NumberInput
                key={field}
                label={label}
                description={description}
                step={step}
                min={0}
                max={step < 1 ? 1 : undefined}
                decimalScale={step < 1 ? 2 : 0}
                value={draft.numbers[field]}
                error={errors[field]}
                onChange={(value) => set({ numbers: { ...draft.numbers, [field]: value } })}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <div>
              <Text size="sm" fw={500}>
                Working hours
              </Text>
              <Text size="xs" c="dimmed" mb="xs">
                Automatic replies only go out inside these hours, in the time zone below.
              </Text>
              <WorkingHoursEditor
                value={draft.workingHours}
                errors={errors}
                onChange={(workingHours) => set({ workingHours })}
              />
            </div>
            <Select
              label="Time zone"
              description="Where the business is"
              searchable
              data={zones}
              value={draft.timezone}
              allowDeselect={false}
              error={errors.timezone}
              onChange={(value) => set({ timezone: value ?? "" })}
            />
          </SimpleGrid>
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save automation settings
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setDraft(toAutomationDraft(settings));
                  setErrors({});
                }}
              >
                Reset
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
