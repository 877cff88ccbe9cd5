// Which conversations the inbox lists: all, those waiting for an operator, or escalated ones; open or closed.
import { Button, Group, SegmentedControl, Select } from "@mantine/core";
import type { ConversationListInput } from "../../reply-engine-types";
import type { AllConversationsShow, ConversationStatusFilter } from "./inbox-location";

export interface InboxFilter {
  view: AllConversationsShow;
  status: ConversationStatusFilter;
  /** One customer's conversations only; empty for everyone's. */
  phone?: string;
}

const viewOptions: { value: AllConversationsShow; label: string }[] = [
  { value: "awaiting", label: "Awaiting review" },
  { value: "escalated", label: "Escalated" },
  { value: "all", label: "All" },
];

const statusOptions: { value: ConversationStatusFilter; label: string }[] = [
  { value: "any", label: "Open and closed" },
  { value: "open", label: "Open" },
  { value: "closed", label: "Closed" },
];

/** The list request for a filter; paging (limit, cursor) is added by the list. */
export function toConversationQuery(
  filter: InboxFilter,
): Omit<ConversationListInput, "cursor" | "limit"> {
  return {
    ...(filter.view === "awaiting" ? { awaitingReview: true } : {}),
    ...(filter.view === "escalated" ? { escalated: true } : {}),
    ...(filter.status === "any" ? {} : { status: filter.status }),
    ...(filter.phone ? { customerPhone: filter.phone } : {}),
  };
}

export function ConversationFilters({
  filter,
  onChange,
  phone,
  onClearPhone,
}: {
  filter: InboxFilter;
  onChange: (filter: InboxFilter) => void;
  /** Set when only one customer's conversations are listed. */
  phone?: string;
  onClearPhone?: () => void;
}) {
  return (
    <Group gap="xs" align="flex-end">
      {phone && (
        <Button size="xs" variant="light" onClick={onClearPhone} aria-label="Show every customer">
          {phone} ✕
        </Button>
      )}
      <SegmentedControl
        size="xs"
        data={viewOptions}
        value={filter.view}
        onChange={(value) => {
          const view = viewOptions.find((option) => option.value === value)?.value;
          if (view) onChange({ ...filter, view });
        }}
        aria-label="Which conversations"
      />
      <Select
        size="xs"
        w={150}
        data={statusOptions}
        value={filter.status}
        allowDeselect={false}
        onChange={(value) => {
          const status = statusOptions.find((option) => option.value === value)?.value;
          if (status) onChange({ ...filter, status });
        }}
        aria-label="Conversation status"
      />
    </Group>
  );
}
