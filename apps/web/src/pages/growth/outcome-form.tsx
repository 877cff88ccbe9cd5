// Operators record how a goal worked out: completed or not, days taken, the contractor's rating, revenue impact,
// what worked and what did not.
import { Button, Checkbox, Group, NumberInput, Select, Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ErrorAlert } from "../../error-alert";
import { trpc } from "../../trpc";
import type { RecordOutcomeInput } from "./growth-types";

const impacts: { value: RecordOutcomeInput["revenueImpact"]; label: string }[] = [
  { value: "positive", label: "Positive" },
  { value: "neutral", label: "Neutral" },
  { value: "negative", label: "Negative" },
  { value: "too_early", label: "Too early to tell" },
];

export function OutcomeForm({ goalId, onDone }: { goalId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [completed, setCompleted] = useState(true);
  const [days, setDays] = useState<number | string>("");
  const [rating, setRating] = useState<string | null>(null);
  const [impact, setImpact] = useState<string | null>("too_early");
  const [worked, setWorked] = useState("");
  const [didNot, setDidNot] = useState("");
  const record = useMutation(
    trpc.growth.recordOutcome.mutationOptions({
      onSuccess: async () => {
        notifications.show({ color: "green", message: "Outcome recorded." });
        await queryClient.invalidateQueries({ queryKey: trpc.growth.pathKey() });
        onDone();
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    record.mutate({
      goalId,
      completed,
      daysToCompletion: typeof days === "number" ? days : null,
      rating: rating ? Number(rating) : null,
      revenueImpact: (impact ?? "too_early") as RecordOutcomeInput["revenueImpact"],
      whatWorked: worked.trim() || null,
      whatDidNot: didNot.trim() || null,
    });
  }
  return (
    <form onSubmit={submit} aria-label="Record outcome">
      <Stack gap="xs">
        {record.error && <ErrorAlert title="Outcome not recorded" error={record.error} />}
        <Checkbox
          label="Completed"
          checked={completed}
          onChange={(e) => setCompleted(e.currentTarget.checked)}
        />
        <Group grow>
          <NumberInput label="Days to completion" min={0} value={days} onChange={setDays} />
          <Select
            label="Contractor's rating"
            data={["1", "2", "3", "4", "5"]}
            value={rating}
            onChange={setRating}
            clearable
          />
          <Select
            label="Revenue impact"
            data={impacts}
            value={impact}
            onChange={setImpact}
            allowDeselect={false}
          />
        </Group>
        <Textarea
          label="What worked"
          value={worked}
          onChange={(e) => setWorked(e.currentTarget.value)}
        />
        <Textarea
          label="What did not"
          value={didNot}
          onChange={(e) => setDidNot(e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={record.isPending}>
            Save outcome
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
