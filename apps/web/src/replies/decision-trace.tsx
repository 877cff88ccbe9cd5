// The whole explanation of one decision: the gates it went through and the patterns it weighed.
import { Stack, Text } from "@mantine/core";
import type { DecisionGate } from "../reply-engine-types";
import { CandidatesTable, type CandidateRow } from "./candidates-table";
import { GatesTable } from "./gates-table";

export function DecisionTrace({
  gates,
  candidates,
}: {
  gates: DecisionGate[];
  candidates: CandidateRow[];
}) {
  return (
    <Stack gap="sm">
      <div>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
          Gates
        </Text>
        <GatesTable gates={gates} />
      </div>
      <div>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
          Candidates
        </Text>
        <CandidatesTable candidates={candidates} />
      </div>
    </Stack>
  );
}
