// The way back to the pattern library from a page about one pattern.
import { Button } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { Link } from "react-router";

export function AllPatternsLink() {
  return (
    <Button
      component={Link}
      to="/patterns"
      variant="default"
      size="xs"
      leftSection={<IconArrowLeft size={14} />}
    >
      All patterns
    </Button>
  );
}
