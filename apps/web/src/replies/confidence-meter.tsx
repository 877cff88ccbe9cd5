// A pattern's confidence as a number with a bar, coloured by the band it falls in.
import { Group, Progress, Text } from "@mantine/core";
import { formatScore } from "../format-number";

function colorFor(confidence: number): string {
  if (confidence >= 0.9) return "green";
  if (confidence >= 0.7) return "blue";
  if (confidence >= 0.5) return "orange";
  return "gray";
}

export function ConfidenceMeter({ value, width = 80 }: { value: number; width?: number }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress
        value={Math.max(0, Math.min(1, value)) * 100}
        color={colorFor(value)}
        w={width}
        size="sm"
        aria-label={`Confidence ${formatScore(value)}`}
      />
      <Text size="sm" ff="monospace">
        {formatScore(value)}
      </Text>
    </Group>
  );
}
