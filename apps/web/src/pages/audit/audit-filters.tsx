// The audit log's filters, kept in the URL so a filtered view can be shared and survives a reload.
import { Button, Group, Select, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { trpc } from "../../trpc";

export type AuditFilterValues = {
  action?: string;
  actorUserId?: string;
  targetType?: string;
  from?: string;
  to?: string;
};

const filterKeys = ["action", "actorUserId", "targetType", "from", "to"] as const;

/** The filters the URL holds. */
export function useAuditFilters(): [AuditFilterValues, (next: AuditFilterValues) => void] {
  const [params, setParams] = useSearchParams();
  const values: AuditFilterValues = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) values[key] = value;
  }
  const set = (next: AuditFilterValues) => {
    const updated = new URLSearchParams();
    for (const key of filterKeys) if (next[key]) updated.set(key, next[key]);
    setParams(updated, { replace: true });
  };
  return [values, set];
}

// "pattern.update" → the family "pattern." first, then each action.
function actionOptions(actions: readonly string[]) {
  const families = [...new Set(actions.map((a) => a.split(".")[0]!).filter(Boolean))];
  return [
    {
      group: "Families",
      items: families.map((family) => ({ value: `${family}.`, label: `${family}: all` })),
    },
    { group: "Actions", items: actions.map((action) => ({ value: action, label: action })) },
  ];
}

export function AuditFilters() {
  const [values, setValues] = useAuditFilters();
  const facets = useQuery(trpc.audit.facets.queryOptions());
  const change = (key: keyof AuditFilterValues) => (value: string | null) =>
    setValues({ ...values, [key]: value ?? undefined });
  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <Select
        label="Action"
        placeholder="Any action"
        data={actionOptions(facets.data?.actions ?? [])}
        value={values.action ?? null}
        onChange={change("action")}
        clearable
        searchable
        w={220}
      />
      <Select
        label="Who"
        placeholder="Anyone"
        data={(facets.data?.actors ?? []).map((actor) => ({
          value: actor.id,
          label: `${actor.name} (${actor.email})`,
        }))}
        value={values.actorUserId ?? null}
        onChange={change("actorUserId")}
        clearable
        searchable
        w={240}
      />
      <Select
        label="What"
        placeholder="Anything"
        data={facets.data?.targetTypes ?? []}
        value={values.targetType ?? null}
        onChange={change("targetType")}
        clearable
        w={160}
      />
      <TextInput
        label="From"
        type="date"
        value={values.from ?? ""}
        onChange={(event) => change("from")(event.currentTarget.value || null)}
        w={160}
      />
      <TextInput
        label="To"
        type="date"
        value={values.to ?? ""}
        onChange={(event) => change("to")(event.currentTarget.value || null)}
        w={160}
      />
      {Object.keys(values).length > 0 && (
        <Button variant="subtle" onClick={() => setValues({})}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}
