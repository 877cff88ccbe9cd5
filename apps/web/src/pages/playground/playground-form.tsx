// The playground's question: a customer message and, optionally, who sent it and when.
import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconFlask } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import type { DryRunInput } from "../../reply-engine-types";
import {
  buildDryRunInput,
  emptyPlaygroundForm,
  type FlagChoice,
  type PlaygroundForm as PlaygroundFormValues,
} from "./build-dry-run-input";

const flagOptions: { value: FlagChoice; label: string }[] = [
  { value: "record", label: "As recorded" },
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

function FlagControl({
  label,
  value,
  onChange,
}: {
  label: string;
  value: FlagChoice;
  onChange: (value: FlagChoice) => void;
}) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {label}
      </Text>
      <SegmentedControl
        size="xs"
        data={flagOptions}
        value={value}
        aria-label={label}
        onChange={(next) => {
          const choice = flagOptions.find((option) => option.value === next)?.value;
          if (choice) onChange(choice);
        }}
      />
    </div>
  );
}

export function PlaygroundForm({
  loading,
  onTest,
}: {
  loading: boolean;
  onTest: (input: DryRunInput) => void;
}) {
  const [form, setForm] = useState<PlaygroundFormValues>(emptyPlaygroundForm);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<PlaygroundFormValues>) => setForm({ ...form, ...changes });

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const built = buildDryRunInput(form);
    setError(built.ok ? null : built.error);
    if (built.ok) onTest(built.input);
  }

  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="sm">
          {error && <Alert color="red">{error}</Alert>}
          <Textarea
            label="Customer message"
            placeholder="What time do you open on Sunday?"
            autosize
            minRows={2}
            maxLength={1600}
            autoFocus
            value={form.text}
            onChange={(event) => set({ text: event.currentTarget.value })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              label="Customer phone"
              description="A known customer's flags and recent replies count"
              placeholder="+19025550123"
              value={form.customerPhone}
              onChange={(event) => set({ customerPhone: event.currentTarget.value })}
            />
            <TextInput
              label="Customer name"
              description="Fills {{customer_name}}"
              value={form.customerName}
              onChange={(event) => set({ customerName: event.currentTarget.value })}
            />
            <TextInput
              label="At"
              description="Working hours are checked at this time (default: now)"
              type="datetime-local"
              value={form.at}
              onChange={(event) => set({ at: event.currentTarget.value })}
            />
          </SimpleGrid>
          <Group gap="xl">
            <FlagControl label="VIP" value={form.vip} onChange={(vip) => set({ vip })} />
            <FlagControl
              label="Opted out"
              value={form.optedOut}
              onChange={(optedOut) => set({ optedOut })}
            />
          </Group>
          <Group>
            <Button type="submit" leftSection={<IconFlask size={16} />} loading={loading}>
              Test message
            </Button>
            <Text size="xs" c="dimmed">
              A dry run: nothing is stored or sent.
            </Text>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
