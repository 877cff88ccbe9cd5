// The playground: type a customer message and see the whole decision Playbook would make, without storing it.
import { Alert, Group, Loader, Stack } from "@mantine/core";
import { IconShieldLock } from "@tabler/icons-react";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../error-alert";
import { PageHeader } from "../page-header";
import type { DryRunInput } from "../reply-engine-types";
import { canOperate, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { PlaygroundForm } from "./playground/playground-form";
import { PlaygroundResult } from "./playground/playground-result";

function Playground() {
  const [input, setInput] = useState<DryRunInput | null>(null);
  // Patterns and settings change between tries: every test asks the server afresh.
  const test = useQuery(
    trpc.playground.test.queryOptions(input ?? skipToken, { staleTime: 0, retry: false }),
  );

  function runTest(next: DryRunInput) {
    if (JSON.stringify(next) === JSON.stringify(input)) void test.refetch();
    else setInput(next);
  }

  return (
    <Stack gap="lg">
      <PlaygroundForm loading={test.isFetching} onTest={runTest} />
      {input && test.isPending && (
        <Group justify="center" p="xl">
          <Loader size="sm" />
        </Group>
      )}
      {test.isError && <ErrorAlert title="The test did not run" error={test.error} />}
      {test.data && <PlaygroundResult result={test.data} />}
    </Stack>
  );
}

export function PlaygroundPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader
        title="Playground"
        description="Type a customer message and see which pattern matches, with which scores, and which gate lets a reply through or stops it."
      />
      {canOperate(user) ? (
        <Playground />
      ) : (
        <Alert color="gray" title="Operators and admins only" icon={<IconShieldLock />}>
          The playground is for operators and admins.
        </Alert>
      )}
    </>
  );
}
