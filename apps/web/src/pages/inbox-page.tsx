// Operators' inbox: the work queue (or every conversation) on the left, the chosen conversation on the right.
// On a narrow screen the conversation opens as its own view, at the top, with a way back to the list.
import { Anchor, Grid, Kbd, Paper, SegmentedControl, Stack, Text } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import type { ReviewSummary } from "../replies/describe-review-result";
import { refreshReplyQueries } from "../replies/refresh-reply-queries";
import { PageHeader } from "../page-header";
import { usePollingFallback } from "../live/live-connection";
import { trpc } from "../trpc";
import { ConversationFilters } from "./inbox/conversation-filters";
import { ConversationList } from "./inbox/conversation-list";
import { ConversationView } from "./inbox/conversation-view";
import { readInboxLocation, writeInboxLocation, type InboxLocation } from "./inbox/inbox-location";
import { nextAfterDone, stepConversation } from "./inbox/next-conversation";
import { ShortcutsHelp } from "./inbox/shortcuts-help";
import { useKeys } from "../use-keys";
import { WorkQueueList, WorkQueueSearch } from "./inbox/work-queue-list";

const REFRESH_MS = 10_000;

export function InboxPage() {
  const { conversationId } = useParams();
  const [params, setParams] = useSearchParams();
  const location = readInboxLocation(params);
  const narrow = useMediaQuery("(max-width: 62em)") ?? false;
  const setLocation = (next: InboxLocation) =>
    setParams(new URLSearchParams(writeInboxLocation(next)), { replace: true });

  // Live updates refresh these; they poll only while the live stream is down.
  const refreshMs = usePollingFallback(REFRESH_MS);
  const work = useQuery(
    trpc.conversations.workQueue.queryOptions(
      { ...(location.reason ? { reason: location.reason } : {}), q: location.q || undefined },
      { refetchInterval: refreshMs, enabled: location.view === "work" },
    ),
  );
  const counts = useQuery(
    trpc.conversations.workQueueCounts.queryOptions(undefined, { refetchInterval: refreshMs }),
  );

  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [helpOpened, help] = useDisclosure(false);
  const search = writeInboxLocation(location);
  const workIds = (work.data?.items ?? []).map((item) => item.conversationId);
  const open = (id: string | undefined) => {
    if (id) void navigate(`/inbox/${id}${search}`);
    else void navigate(`/inbox${search}`);
  };
  useKeys({
    j: () => open(stepConversation(workIds, conversationId, 1) ?? conversationId),
    k: () => open(stepConversation(workIds, conversationId, -1) ?? conversationId),
    "?": help.open,
  });
  const onDone = (summary: ReviewSummary) => {
    notifications.show({
      color: summary.color,
      title: summary.title,
      message: summary.message || undefined,
    });
    void refreshReplyQueries(queryClient);
    // The list as it stood when the action started: the conversation just answered may already be gone from it.
    if (conversationId) open(nextAfterDone(workIds, conversationId));
  };

  // A conversation opened on a phone starts at its top, not where the list was scrolled to.
  useEffect(() => {
    if (narrow && conversationId) window.scrollTo({ top: 0 });
  }, [narrow, conversationId]);

  const listHidden = narrow && conversationId !== undefined;
  const conversationHidden = narrow && conversationId === undefined;

  return (
    <>
      <ShortcutsHelp opened={helpOpened} onClose={help.close} />
      {!listHidden && (
        <PageHeader
          title="Inbox"
          description={
            <>
              Every conversation that needs a person, most urgent first, with the reply Playbook
              proposed. Press <Kbd size="xs">?</Kbd> for keyboard shortcuts.
            </>
          }
        />
      )}
      <Grid gap="lg">
        {!listHidden && (
          <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
            <Stack gap="sm">
              <SegmentedControl
                size="xs"
                fullWidth
                aria-label="Which list"
                value={location.view}
                data={[
                  {
                    value: "work",
                    label: `Needs a person${counts.data ? ` (${counts.data.total})` : ""}`,
                  },
                  { value: "all", label: "All conversations" },
                ]}
                onChange={(value) =>
                  setLocation({ ...location, view: value === "all" ? "all" : "work" })
                }
              />
              {location.view === "work" ? (
                <>
                  <WorkQueueSearch
                    location={location}
                    counts={counts.data}
                    onChange={setLocation}
                  />
                  <WorkQueueList
                    items={work.data?.items}
                    error={work.error}
                    location={location}
                    selectedId={conversationId}
                  />
                </>
              ) : (
                <>
                  <ConversationFilters
                    filter={{ view: location.show, status: location.status }}
                    onChange={(filter) =>
                      setLocation({ ...location, show: filter.view, status: filter.status })
                    }
                    phone={location.phone}
                    onClearPhone={() => setLocation({ ...location, phone: "" })}
                  />
                  <ConversationList
                    filter={{ view: location.show, status: location.status, phone: location.phone }}
                    search={search}
                    selectedId={conversationId}
                  />
                </>
              )}
            </Stack>
          </Grid.Col>
        )}
        {!conversationHidden && (
          <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
            {listHidden && (
              <Anchor
                component={Link}
                to={`/inbox${search}`}
                size="sm"
                mb="sm"
                display="inline-flex"
              >
                <IconArrowLeft size={16} /> Back to the inbox
              </Anchor>
            )}
            {conversationId ? (
              // Keyed, so a review result shown for one conversation does not linger on the next.
              <ConversationView key={conversationId} id={conversationId} onDone={onDone} />
            ) : (
              <Paper withBorder p="xl" radius="md">
                <Text c="dimmed" size="sm" ta="center">
                  Choose a conversation to see its messages and Playbook&apos;s decisions.
                </Text>
              </Paper>
            )}
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}
