// Message history from a CSV export: admins upload it; everyone follows each import, its counters and the rows it
// rejected.
import { Alert, SimpleGrid, Stack } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import { useIsMutating, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../error-alert";
import { EmptyList, ListLoader } from "../list-states";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { CsvColumnsHelp } from "./import/csv-columns-help";
import { DemoCard } from "./import/demo-card";
import { ImportDetail } from "./import/import-detail";
import { isRunning } from "./import/import-types";
import { ImportUploadCard } from "./import/import-upload-card";
import { ImportsTable } from "./import/imports-table";

const LIST_SIZE = 20;
const POLL_MS = 1_000;

function Imports({
  selectedId,
  onSelect,
}: {
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  // An upload in flight is being staged: its run is in the list before the upload answers.
  const uploading = useIsMutating({ mutationKey: trpc.imports.upload.mutationKey() }) > 0;
  const list = useQuery(
    trpc.imports.list.queryOptions(
      { limit: LIST_SIZE },
      {
        refetchInterval: (query) =>
          uploading || query.state.data?.some(isRunning) ? POLL_MS : false,
      },
    ),
  );

  if (list.isPending) {
    return <ListLoader />;
  }
  if (list.isError) return <ErrorAlert title="Could not load the imports" error={list.error} />;

  const runs = list.data;
  const selected = runs.find((run) => run.id === selectedId) ?? runs[0];
  if (!selected) {
    return <EmptyList>No history has been imported yet.</EmptyList>;
  }
  return (
    <Stack gap="lg">
      <ImportsTable runs={runs} selectedId={selected.id} onSelect={onSelect} />
      <ImportDetail run={selected} refreshMs={isRunning(selected) ? POLL_MS : false} />
    </Stack>
  );
}

export function ImportPage() {
  const user = useCurrentUser();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="Import"
        description="Bring in past conversations from a CSV export: Playbook records them and learns from the operators' replies."
      />
      <Stack gap="lg">
        {isAdmin(user) ? (
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ImportUploadCard onUploaded={setSelectedId} />
            <CsvColumnsHelp />
            <DemoCard />
          </SimpleGrid>
        ) : (
          <Alert color="gray" title="Admins import history" icon={<IconShieldLock />}>
            You can follow every import here. Ask an admin of your Playbook to import a file.
          </Alert>
        )}
        <Imports selectedId={selectedId} onSelect={setSelectedId} />
      </Stack>
    </>
  );
}
