// Growth settings: the tier ladder and the matching weights. Admins change them (the server checks the role and
// the values); a new ladder applies from the next refresh, new weights rebuild goals when next read.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../error-alert";
import { isAdmin, useCurrentUser } from "../../session";
import { trpc } from "../../trpc";
import { QueryState } from "./growth-loading";
import type { GrowthSettings } from "./growth-types";
import { RefreshButton } from "./refreshes-view";

type Weights = GrowthSettings["growthMatchWeights"];
const weightLabels: Record<keyof Weights, string> = {
  tier: "Revenue tier",
  focus: "Focus areas",
  teamSize: "Team size",
  stage: "Stage",
};

function SettingsForm({ settings, editable }: { settings: GrowthSettings; editable: boolean }) {
  const queryClient = useQueryClient();
  const [ladder, setLadder] = useState(settings.growthTierLadder);
  const [weights, setWeights] = useState(settings.growthMatchWeights);
  const save = useMutation(
    trpc.growth.setSettings.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Growth settings saved." });
        await queryClient.invalidateQueries({ queryKey: trpc.growth.pathKey() });
      },
    }),
  );
  return (
    <Stack gap="md">
      {save.error && <ErrorAlert title="Not saved" error={save.error} />}
      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h5" mb="xs">
          Tier ladder
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Each tier starts at an annual revenue; the first at 0. A changed ladder applies from the
          next refresh.
        </Text>
        <Stack gap="xs">
          {ladder.map((tier, i) => (
            <Group key={i} wrap="nowrap">
              <TextInput
                aria-label={`Tier ${i + 1} label`}
                value={tier.label}
                disabled={!editable}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  setLadder((l) => l.map((t, j) => (j === i ? { ...t, label } : t)));
                }}
              />
              <NumberInput
                aria-label={`Tier ${i + 1} starts at`}
                value={tier.minRevenue}
                min={0}
                thousandSeparator=","
                disabled={!editable}
                onChange={(v) =>
                  setLadder((l) =>
                    l.map((t, j) => (j === i ? { ...t, minRevenue: Number(v) || 0 } : t)),
                  )
                }
              />
              {editable && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove tier ${i + 1}`}
                  onClick={() => setLadder((l) => l.filter((_, j) => j !== i))}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
          {editable && (
            <Group>
              <Button
                variant="default"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() =>
                  setLadder((l) => [
                    ...l,
                    { label: "", minRevenue: (l.at(-1)?.minRevenue ?? 0) + 1_000_000 },
                  ])
                }
              >
                Add tier
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h5" mb="xs">
          Matching weights
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          How much each field counts when a contractor is matched to a cohort; unknown fields never
          score. Changing them rebuilds contractors' goals, keeping ticked items and outcomes.
        </Text>
        <Group>
          {(Object.keys(weightLabels) as (keyof Weights)[]).map((key) => (
            <NumberInput
              key={key}
              label={weightLabels[key]}
              value={weights[key]}
              min={0}
              max={1}
              step={0.05}
              decimalScale={2}
              disabled={!editable}
              onChange={(v) => setWeights((w) => ({ ...w, [key]: Number(v) || 0 }))}
              w={130}
            />
          ))}
        </Group>
      </Paper>
      {editable && (
        <Group>
          <Button
            loading={save.isPending}
            onClick={() => save.mutate({ growthTierLadder: ladder, growthMatchWeights: weights })}
          >
            Save settings
          </Button>
        </Group>
      )}
      {editable && <RefreshButton />}
    </Stack>
  );
}

export function GrowthSettingsView() {
  const user = useCurrentUser();
  const settings = useQuery(trpc.growth.settings.queryOptions());
  return (
    <QueryState query={settings} what="the growth settings">
      {(data) => <SettingsForm settings={data} editable={isAdmin(user)} />}
    </QueryState>
  );
}
