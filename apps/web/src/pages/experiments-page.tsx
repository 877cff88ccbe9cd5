// The experiments: every A/B test of reply wording, running or over, and (for admins) the form to start one.
import { Anchor, Badge, Button, Group, Loader, Table, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert } from "../error-alert";
import { formatDateTime } from "../format-date-time";
import { PageHeader } from "../page-header";
import { isAdmin, useCurrentUser } from "../session";
import { trpc } from "../trpc";
import { metricLabels } from "./experiments/metric-labels";
import { StartExperimentDialog } from "./experiments/start-experiment-dialog";

export const experimentStatusColor = { running: "blue", stopped: "gray", completed: "green" };

export function ExperimentsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  // /experiments?start=<patternId> opens the form on that pattern (the pattern page links here).
  const startOn = params.get("start");
  const [starting, setStarting] = useState(startOn !== null);
  const list = useQuery(trpc.experiments.list.queryOptions({}));
  const close = () => {
    setStarting(false);
    if (startOn !== null) setParams({});
  };
  let body;
  if (list.isPending) body = <Loader size="sm" />;
  else if (list.isError)
    body = <ErrorAlert title="Could not load the experiments" error={list.error} />;
  else if (list.data.length === 0) {
    body = (
      <Text c="dimmed">No experiment yet. An admin starts one on a pattern with two wordings.</Text>
    );
  } else {
    body = (
      <Table striped highlightOnHover data-testid="experiments-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Experiment</Table.Th>
            <Table.Th>Pattern</Table.Th>
            <Table.Th>Primary metric</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Anchor component={Link} to={`/experiments/${e.id}`}>
                  {e.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{e.patternTrigger}</Table.Td>
              <Table.Td>{metricLabels[e.primaryMetric]}</Table.Td>
              <Table.Td>
                <Badge color={experimentStatusColor[e.status]}>{e.status}</Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(e.startedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <>
      <PageHeader
        title="Experiments"
        description="A/B tests of reply wording, looked at any time with an always-valid sequential test."
        actions={
          isAdmin(user) && (
            <Group>
              <Button leftSection={<IconPlus size={16} />} onClick={() => setStarting(true)}>
                Start an experiment
              </Button>
            </Group>
          )
        }
      />
      {body}
      {starting && <StartExperimentDialog patternId={startOn} onClose={close} />}
    </>
  );
}
