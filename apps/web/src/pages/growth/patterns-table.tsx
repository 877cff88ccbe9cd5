// A transition's factors as a table: share among movers and among those who had not moved up, lift with its
// interval, median months with and without, evidence and outcome confidence, and whether it is significant.
import { Badge, Paper, Table, Text, Title } from "@mantine/core";
import { formatPercent, formatScore } from "../../format-number";
import { formatMonths, type GrowthPattern } from "./growth-types";

const verdictColor: Record<string, string> = {
  driver: "green",
  slower: "red",
  popular: "blue",
  no_difference: "gray",
};

function lift(p: GrowthPattern): string {
  if (p.lift === null) return "—";
  const interval =
    p.liftLower !== null || p.liftUpper !== null
      ? ` (${p.liftLower?.toFixed(2) ?? "?"}–${p.liftUpper?.toFixed(2) ?? "?"})`
      : "";
  return `${p.lift.toFixed(2)}${interval}`;
}

export function PatternsTable({ title, patterns }: { title: string; patterns: GrowthPattern[] }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {patterns.length === 0 ? (
        <Text size="sm" c="dimmed">
          None with at least 5 contractors.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Factor</Table.Th>
                <Table.Th>Verdict</Table.Th>
                <Table.Th>Movers</Table.Th>
                <Table.Th>Non-movers</Table.Th>
                <Table.Th>Lift (95%)</Table.Th>
                <Table.Th>Time with</Table.Th>
                <Table.Th>Time without</Table.Th>
                <Table.Th>Evidence</Table.Th>
                <Table.Th>Outcomes</Table.Th>
                <Table.Th>Significant</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {patterns.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {p.factorName}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {p.factorKind.replace("_", " ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={verdictColor[p.verdict] ?? "gray"} variant="light">
                      {p.verdict.replace("_", " ")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {formatPercent(p.moversWith / p.movers)}
                    <Text size="xs" c="dimmed">
                      {p.moversWith} of {p.movers}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatPercent(p.comparatorShare)}</Table.Td>
                  <Table.Td>{lift(p)}</Table.Td>
                  <Table.Td>{formatMonths(p.medianMonthsWith)}</Table.Td>
                  <Table.Td>{formatMonths(p.medianMonthsWithout)}</Table.Td>
                  <Table.Td>{formatScore(p.evidenceConfidence)}</Table.Td>
                  <Table.Td>{formatScore(p.outcomeConfidence)}</Table.Td>
                  <Table.Td>
                    {p.qValue < 0.05 ? "yes" : "no"}
                    <Text size="xs" c="dimmed">
                      q {p.qValue.toPrecision(2)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
