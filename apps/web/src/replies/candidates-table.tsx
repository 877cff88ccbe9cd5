// The patterns a message was matched against, best first, with their scores; with their texts when known.
import { Anchor, Badge, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatPercent, formatScore } from "../format-number";
import type { PatternType } from "../reply-engine-types";
import { patternTypeLabels } from "./pattern-type-labels";

export interface CandidateRow {
  patternId: string;
  score: number;
  /** The classifier's probability for the pattern (absent in decisions recorded before it existed). */
  probability?: number;
  confidence: number;
  pattern?: {
    type: PatternType;
    triggerText: string;
    responseTemplate: string;
    isActive: boolean;
  } | null;
}

export function CandidatesTable({ candidates }: { candidates: CandidateRow[] }) {
  if (candidates.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No pattern came close to this message.
      </Text>
    );
  }
  const withTexts = candidates.some((candidate) => candidate.pattern);
  return (
    <Table.ScrollContainer minWidth={withTexts ? 720 : 420}>
      <Table verticalSpacing={6} aria-label="Match candidates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>#</Table.Th>
            <Table.Th>Pattern</Table.Th>
            {withTexts && <Table.Th>Reply template</Table.Th>}
            <Table.Th w={100}>Probability</Table.Th>
            <Table.Th w={90}>Score</Table.Th>
            <Table.Th w={110}>Confidence</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((candidate, index) => (
            <Table.Tr key={candidate.patternId}>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {index + 1}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/patterns/${candidate.patternId}`} size="sm">
                  {candidate.pattern ? candidate.pattern.triggerText : "Open pattern"}
                </Anchor>
                {candidate.pattern && (
                  <Text size="xs" c="dimmed">
                    {patternTypeLabels[candidate.pattern.type]}
                    {!candidate.pattern.isActive && (
                      <Badge component="span" ml={6} size="xs" variant="light" color="gray">
                        inactive
                      </Badge>
                    )}
                  </Text>
                )}
              </Table.Td>
              {withTexts && (
                <Table.Td>
                  <Text size="sm">{candidate.pattern?.responseTemplate ?? "—"}</Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {formatPercent(candidate.probability)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {formatScore(candidate.score)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {formatScore(candidate.confidence)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
