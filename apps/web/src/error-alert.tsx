// How a failed load is shown everywhere: a red alert with what failed and the server's reason.
import { Alert, type MantineSpacing } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { describeError } from "./describe-error";

export function ErrorAlert({
  title,
  error,
  m,
}: {
  title: string;
  error: unknown;
  m?: MantineSpacing;
}) {
  return (
    <Alert color="red" title={title} icon={<IconAlertCircle />} m={m}>
      {describeError(error)}
    </Alert>
  );
}
