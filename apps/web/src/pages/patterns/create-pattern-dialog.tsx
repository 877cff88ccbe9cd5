// The form for a pattern written by hand (operators): what customers ask and what the business answers. It starts
// inactive, as every new pattern does; an admin turns it on.
import { Button, Group, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { describeError } from "../../describe-error";
import type { PatternType } from "../../reply-engine-types";
import { isPatternType, patternTypeOptions } from "../../replies/pattern-type-labels";
import { trpc } from "../../trpc";

export function CreatePatternDialog({
  initial,
  onClose,
}: {
  initial: { question: string; reply: string };
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState(initial.question);
  const [reply, setReply] = useState(initial.reply);
  const [type, setType] = useState<PatternType>("general");
  const create = useMutation(
    trpc.patterns.create.mutationOptions({
      onSuccess: async (pattern) => {
        await queryClient.invalidateQueries({ queryKey: trpc.patterns.pathKey() });
        void navigate(`/patterns/${pattern.id}`);
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title="New pattern" size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (create.isPending) return;
          create.mutate({ type, triggerText: question, responseTemplate: reply });
        }}
      >
        <Stack gap="sm">
          <Textarea
            label="What the customer asks"
            required
            autosize
            minRows={2}
            maxLength={2000}
            value={question}
            onChange={(event) => setQuestion(event.currentTarget.value)}
          />
          <Textarea
            label="What the business answers"
            description="Use {{customer_name}}, {{time}} and the like for values that change."
            required
            autosize
            minRows={3}
            maxLength={1600}
            value={reply}
            onChange={(event) => setReply(event.currentTarget.value)}
          />
          <Select
            label="Type"
            data={patternTypeOptions}
            value={type}
            allowDeselect={false}
            onChange={(value) => {
              if (isPatternType(value)) setType(value);
            }}
          />
          <Text size="xs" c="dimmed">
            New patterns start inactive: an admin turns each one on.
          </Text>
          {create.error && (
            <Text size="sm" c="red">
              {describeError(create.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="subtle" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create pattern
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
