// Replay: what Playbook would have done with past conversations, run in the background, kept and comparable;
// the curve of a finished replay sets the auto threshold with evidence.
import { Alert, Stack } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../error-alert";
import { EmptyList, ListLoader } from "../list-states";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { ReplayCompare } from "./replay/replay-compare";
import { ReplayDetail } from "./replay/replay-detail";
import { ReplayRunsTable } from "./replay/replay-runs-table";
import { ReplayStartCard } from "./replay/replay-start-card";
import { isReplayRunning } from "./replay/replay-types";

const LIST_SIZE = 20;
const POLL_MS = 1_000;

function Replays({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [compared, setCompared] = useState<string[]>([]);
  const list = useQuery(
    trpc.replays.list.queryOptions(
      { limit: LIST_SIZE },
      { refetchInterval: (query) => (query.state.data?.some(isReplayRunning) ? POLL_MS : false) },
    ),
  );
  if (list.isPending) {
    return <ListLoader />;
  }
  if (list.isError) return <ErrorAlert title="Could not load the replays" error={list.error} />;
  const runs = list.data;
  const selected = runs.find((run) => run.id === selectedId) ?? runs[0];
  if (!selected) {
    return <EmptyList>No replay has been run yet.</EmptyList>;
  }
  const toggle = (id: string) =>
    setCompared((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2)));
  return (
    <Stack gap="lg">
      <ReplayRunsTable
        runs={runs}
        selectedId={selected.id}
        onSelect={onSelect}
        compared={compared}
        onToggleCompare={toggle}
      />
      {compared.length === 2 && (
        <ReplayCompare ids={[compared[0]!, compared[1]!]} onClose={() => setCompared([])} />
      )}
      <ReplayDetail runId={selected.id} />
    </Stack>
  );
}

export function ReplayPage() {
  const user = useCurrentUser();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="Replay"
        description="See what Playbook would have done with past conversations, how often it would have been right, and the time it would have saved."
      />
      <Stack gap="lg">
        {isAdmin(user) ? (
          <ReplayStartCard onStarted={setSelectedId} />
        ) : (
          <Alert color="gray" title="Admins start replays" icon={<IconShieldLock />}>
            You can read every replay here. Ask an admin to run a new one.
          </Alert>
        )}
        <Replays selectedId={selectedId} onSelect={setSelectedId} />
      </Stack>
    </>
  );
}
