// Per weekday, when someone is around to watch automated replies; outside these hours nothing is auto-sent.
import { Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";
import type { Weekday, WorkingHours } from "../../reply-engine-types";
import { weekdays, type DraftErrors } from "./automation-settings-draft";

// What a day reopens with after it was marked closed.
const reopenedDay = { start: "09:00", end: "21:00" };

export function WorkingHoursEditor({
  value,
  errors,
  onChange,
}: {
  value: WorkingHours;
  errors: DraftErrors;
  onChange: (value: WorkingHours) => void;
}) {
  const setDay = (day: Weekday, hours: WorkingHours[Weekday]) =>
    onChange({ ...value, [day]: hours });

  return (
    <Stack gap={6}>
      {weekdays.map(({ key, label }) => {
        const hours = value[key];
        return (
          <div key={key}>
            <Group gap="sm" wrap="nowrap">
              <Checkbox
                w={130}
                label={label}
                checked={hours !== null}
                onChange={(event) => setDay(key, event.currentTarget.checked ? reopenedDay : null)}
              />
              {hours ? (
                <>
                  <TextInput
                    size="xs"
                    w={80}
                    aria-label={`${label} opens`}
                    value={hours.start}
                    onChange={(event) =>
                      setDay(key, { ...hours, start: event.currentTarget.value })
                    }
                  />
                  <Text size="xs" c="dimmed">
                    to
                  </Text>
                  <TextInput
                    size="xs"
                    w={80}
                    aria-label={`${label} closes`}
                    value={hours.end}
                    onChange={(event) => setDay(key, { ...hours, end: event.currentTarget.value })}
                  />
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  Closed: no automatic replies
                </Text>
              )}
            </Group>
            {errors[key] && (
              <Text size="xs" c="red" ml={138}>
                {errors[key]}
              </Text>
            )}
          </div>
        );
      })}
    </Stack>
  );
}
