// Operators' inbox: conversations on the left, the chosen one as a thread with Playbook's decisions on the right.
import { Grid, Paper, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useParams } from "react-router";
import { PageHeader } from "../page-header";
import { ConversationFilters, type InboxFilter } from "./inbox/conversation-filters";
import { ConversationList } from "./inbox/conversation-list";
import { ConversationView } from "./inbox/conversation-view";

export function InboxPage() {
  const { conversationId } = useParams();
  const [filter, setFilter] = useState<InboxFilter>({ view: "all", status: "any" });

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Customer conversations from OpenPhone, with the reply Playbook proposed for each message."
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="sm">
            <ConversationFilters filter={filter} onChange={setFilter} />
            <ConversationList filter={filter} selectedId={conversationId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          {conversationId ? (
            // Keyed, so a review result shown for one conversation does not linger on the next.
            <ConversationView key={conversationId} id={conversationId} />
          ) : (
            <Paper withBorder p="xl" radius="md">
              <Text c="dimmed" size="sm" ta="center">
                Choose a conversation to see its messages and Playbook&apos;s decisions.
              </Text>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
