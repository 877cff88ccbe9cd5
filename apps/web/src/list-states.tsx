// What a list of runs shows before it has rows: a loader while it loads, a short notice when it is empty.
import { Group, Loader, Paper, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function ListLoader() {
  return (
    <Group justify="center" p="xl">
      <Loader size="sm" />
    </Group>
  );
}

export function EmptyList({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Text c="dimmed" ta="center" size="sm">
        {children}
      </Text>
    </Paper>
  );
}
