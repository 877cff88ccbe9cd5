import { Button, EmptyState, Paper } from "@mantine/core";
import { IconMapOff } from "@tabler/icons-react";
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <Paper withBorder p="xl" radius="md">
      <EmptyState
        icon={<IconMapOff size={28} stroke={1.5} />}
        title="Page not found"
        description="There is no page at this address."
      >
        <EmptyState.Actions>
          <Button component={Link} to="/" variant="light">
            Go to the overview
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}
