// Moving patterns between installations: export the patterns the filters show as a JSON file (personal data
// masked), and import such a file here; imported patterns start inactive and a file imported twice adds nothing.
import { Button, FileButton, Group } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconUpload } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { RouterInputs } from "@playbook/api/router";
import { describeError } from "../../describe-error";
import { trpc } from "../../trpc";
import { toPatternQuery, type PatternFilter } from "./pattern-filters";
import { refreshPatternQueries } from "./refresh-pattern-queries";

type PatternFile = RouterInputs["patterns"]["import"];

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

export function PatternTransferButtons({ filter }: { filter: PatternFilter }) {
  const queryClient = useQueryClient();
  const exporting = useMutation(
    trpc.patterns.export.mutationOptions({
      onSuccess: (file) => {
        download(
          `playbook-patterns-${file.exportedAt.slice(0, 10)}.json`,
          JSON.stringify(file, null, 2),
        );
        notifications.show({
          color: "green",
          message: `Exported ${file.patterns.length} patterns.`,
        });
      },
      onError: (error) => notifications.show({ color: "red", message: describeError(error) }),
    }),
  );
  const importing = useMutation(
    trpc.patterns.import.mutationOptions({
      onSuccess: async (result) => {
        notifications.show({
          color: "green",
          message: `Imported ${result.created} new patterns (inactive); ${result.skipped} were already here.`,
        });
        await refreshPatternQueries(queryClient);
      },
      onError: (error) =>
        notifications.show({
          color: "red",
          title: "Nothing imported",
          message: describeError(error),
        }),
    }),
  );

  // Cleared after each pick, so choosing the same file again imports it again (and adds nothing new).
  const resetPick = useRef<() => void>(null);
  const importFile = async (file: File | null) => {
    resetPick.current?.();
    if (!file || importing.isPending) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      notifications.show({
        color: "red",
        title: "Nothing imported",
        message: `${file.name} is not a JSON file.`,
      });
      return;
    }
    // The server checks every field; a wrong file is refused there with the reason.
    importing.mutate(parsed as PatternFile);
  };

  return (
    <Group gap="xs">
      <Button
        variant="default"
        leftSection={<IconDownload size={16} />}
        loading={exporting.isPending}
        onClick={() => {
          if (!exporting.isPending) exporting.mutate({ filter: toPatternQuery(filter) });
        }}
      >
        Export
      </Button>
      <FileButton
        resetRef={resetPick}
        onChange={(file) => void importFile(file)}
        accept="application/json,.json"
      >
        {(props) => (
          <Button
            {...props}
            variant="default"
            leftSection={<IconUpload size={16} />}
            loading={importing.isPending}
          >
            Import
          </Button>
        )}
      </FileButton>
    </Group>
  );
}
