// The work queue: every conversation that needs a person, escalations first, then the longest waiting, each with
// why, how long, and the last message. Search and the reason filter live in the URL (see inbox-location).
import { Badge, Chip, Group, Loader, NavLink, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ErrorAlert } from "../../error-alert";
import { CustomerBadges } from "../../replies/customer-badges";
import { formatWaiting } from "./format-waiting";
import { writeInboxLocation, type InboxLocation } from "./inbox-location";
import { workReasonLabels, workReasons, type WorkCounts, type WorkItem } from "./work-reasons";

function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function WorkQueueSearch({
  location,
  counts,
  onChange,
}: {
  location: InboxLocation;
  counts: WorkCounts | undefined;
  onChange: (location: InboxLocation) => void;
}) {
  const [text, setText] = useState(location.q);
  const commit = useDebouncedCallback((q: string) => onChange({ ...location, q }), 250);
  return (
    <Stack gap="xs">
      <TextInput
        size="xs"
        placeholder="Search phone, name or message"
        aria-label="Search the work queue"
        leftSection={<IconSearch size={14} />}
        value={text}
        maxLength={100}
        onChange={(event) => {
          setText(event.currentTarget.value);
          commit(event.currentTarget.value);
        }}
      />
      <Chip.Group
        value={location.reason ?? "all"}
        onChange={(value) => {
          const reason = workReasons.find((r) => r === value) ?? null;
          onChange({ ...location, reason });
        }}
      >
        <Group gap={4} aria-label="Why it needs a person">
          <Chip size="xs" value="all">
            All{counts ? ` ${counts.total}` : ""}
          </Chip>
          {workReasons.map((reason) => (
            <Chip key={reason} size="xs" value={reason} color={workReasonLabels[reason].color}>
              {workReasonLabels[reason].label}
              {counts ? ` ${counts[reason]}` : ""}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
    </Stack>
  );
}

export function WorkQueueList({
  items,
  error,
  location,
  selectedId,
}: {
  items: WorkItem[] | undefined;
  error: unknown;
  location: InboxLocation;
  selectedId: string | undefined;
}) {
  const now = useNow(30_000);
  if (error) return <ErrorAlert title="Could not load the work queue" error={error} />;
  if (!items) {
    return (
      <Group justify="center" p="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (items.length === 0) {
    return (
      <Paper withBorder p="lg" radius="md">
        <Text c="dimmed" size="sm" ta="center">
          {location.q || location.reason
            ? "Nothing that needs a person matches this search."
            : "Nothing needs a person right now."}
        </Text>
      </Paper>
    );
  }
  const search = writeInboxLocation(location);
  return (
    <Paper withBorder radius="md" p={4}>
      <Stack gap={2} aria-label="Work queue">
        {items.map((item) => (
          <WorkRow
            key={item.conversationId}
            item={item}
            to={`/inbox/${item.conversationId}${search}`}
            active={item.conversationId === selectedId}
            now={now}
          />
        ))}
      </Stack>
    </Paper>
  );
}

function WorkRow({
  item,
  to,
  active,
  now,
}: {
  item: WorkItem;
  to: string;
  active: boolean;
  now: Date;
}) {
  const { customer, lastMessage } = item;
  const reason: { label: string; color: string } = workReasonLabels[item.reason];
  return (
    <NavLink
      component={Link}
      to={to}
      active={active}
      data-testid="work-item"
      data-reason={item.reason}
      aria-current={active ? "true" : undefined}
      styles={{ root: { borderRadius: "var(--mantine-radius-md)" } }}
      label={
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>
              {customer.name ?? customer.phone}
            </Text>
            <CustomerBadges isVip={customer.isVip} optedOut={customer.optedOut} />
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }} title="Waiting for">
            {formatWaiting(item.waitingSince, now)}
          </Text>
        </Group>
      }
      description={
        <Stack gap={2} component="span">
          <Group gap={4} component="span" wrap="nowrap">
            <Badge size="xs" color={reason.color} variant="light">
              {reason.label}
            </Badge>
            {customer.name && (
              <Text span size="xs" c="dimmed" truncate>
                {customer.phone}
              </Text>
            )}
          </Group>
          {lastMessage && (
            <Text span size="xs" c="dimmed" lineClamp={1} data-testid="work-item-preview">
              {lastMessage.direction === "outbound" ? "You: " : ""}
              {lastMessage.body}
            </Text>
          )}
        </Stack>
      }
    />
  );
}
