// The form an admin starts an experiment with: the pattern, two or more wordings (the first is the control, the
// pattern's current template by default), the split, the primary metric, the guardrail, and consent to promote.
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { metricLabels, metricOptions, type Metric } from "./metric-labels";

type Wording = { name: string; template: string; weight: number };

export function StartExperimentDialog({
  patternId: initialPattern,
  onClose,
}: {
  patternId: string | null;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [patternId, setPatternId] = useState<string | null>(initialPattern);
  const patterns = useQuery(trpc.patterns.list.queryOptions({ limit: 100 }));
  const chosen = patterns.data?.items.find((p) => p.id === patternId);
  const [name, setName] = useState("");
  const [wordings, setWordings] = useState<Wording[] | null>(null);
  const [primary, setPrimary] = useState<Metric>("accepted_as_is");
  const [guardrail, setGuardrail] = useState<Metric>("no_escalation");
  const [promote, setPromote] = useState(false);
  // The control is the pattern's own template until the admin edits it.
  const shown: Wording[] = wordings ?? [
    { name: "Current", template: chosen?.responseTemplate ?? "", weight: 50 },
    { name: "New wording", template: "", weight: 50 },
  ];
  const edit = (i: number, change: Partial<Wording>) =>
    setWordings(shown.map((w, j) => (i === j ? { ...w, ...change } : w)));
  const start = useMutation(
    trpc.experiments.start.mutationOptions({
      onSuccess: async (experiment) => {
        await queryClient.invalidateQueries({ queryKey: trpc.experiments.pathKey() });
        void navigate(`/experiments/${experiment.id}`);
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title="Start an experiment" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (start.isPending || !patternId) return;
          start.mutate({
            patternId,
            name,
            variants: shown,
            primaryMetric: primary,
            guardrailMetric: guardrail,
            promoteWinner: promote,
          });
        }}
      >
        <Stack gap="sm">
          <Select
            label="Pattern"
            required
            searchable
            data={(patterns.data?.items ?? []).map((p) => ({ value: p.id, label: p.triggerText }))}
            value={patternId}
            onChange={(value) => {
              setPatternId(value);
              setWordings(null);
            }}
          />
          <TextInput
            label="Name"
            required
            maxLength={120}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          {shown.map((wording, i) => (
            <Group key={i} align="flex-end" wrap="nowrap">
              <TextInput
                label={i === 0 ? "Control" : `Variant ${i}`}
                w={140}
                value={wording.name}
                onChange={(event) => edit(i, { name: event.currentTarget.value })}
              />
              <Textarea
                label="Wording"
                aria-label={`Wording ${i + 1}`}
                style={{ flex: 1 }}
                autosize
                minRows={1}
                maxLength={1600}
                value={wording.template}
                onChange={(event) => edit(i, { template: event.currentTarget.value })}
              />
              <NumberInput
                label="Traffic %"
                w={90}
                min={1}
                max={100}
                value={wording.weight}
                onChange={(value) => edit(i, { weight: Number(value) || 1 })}
              />
              <ActionIcon
                variant="subtle"
                aria-label={`Remove wording ${i + 1}`}
                disabled={shown.length <= 2}
                onClick={() => setWordings(shown.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              disabled={shown.length >= 5}
              onClick={() =>
                setWordings([
                  ...shown,
                  { name: `Variant ${shown.length}`, template: "", weight: 50 },
                ])
              }
            >
              Add a wording
            </Button>
          </Group>
          <Group grow>
            <Select
              label="Primary metric"
              data={metricOptions}
              value={primary}
              allowDeselect={false}
              onChange={(value) => value && setPrimary(value as Metric)}
            />
            <Select
              label="Guardrail"
              data={metricOptions}
              value={guardrail}
              allowDeselect={false}
              onChange={(value) => value && setGuardrail(value as Metric)}
            />
          </Group>
          <Checkbox
            label={`Promote the winner as the pattern's template when the test declares one (${metricLabels[primary]})`}
            checked={promote}
            onChange={(event) => setPromote(event.currentTarget.checked)}
          />
          {start.error && (
            <Text size="sm" c="red">
              {describeError(start.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={start.isPending} disabled={!patternId}>
              Start
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
