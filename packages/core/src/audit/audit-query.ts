// Reading the audit log as an admin does: newest first, filtered by action, actor, what was changed and when, with
// names instead of ids and each change spelled out as field: before → after.
import { and, desc, eq, gte, inArray, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { auditLog, customers, patterns, patternVersions, users } from "@playbook/db/schema";
import { badRequest } from "../errors";

export type AuditFilter = {
  /** An exact action ("pattern.update") or a family ending in a dot ("pattern."). */
  action?: string | undefined;
  actorUserId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
};

/** One field of a change: what it was and what it became (null when the entry does not say). */
export type AuditChange = { field: string; before: unknown; after: unknown };

// The cursor is "<ISO time>|<id>" of the last row of the previous page: stable under concurrent inserts.
function parseCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime())) throw badRequest("Invalid cursor");
  return { at: date, id };
}

function filterConditions(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.action) {
    conditions.push(
      filter.action.endsWith(".")
        ? like(auditLog.action, `${filter.action.replace(/[\\%_]/g, "\\$&")}%`)
        : eq(auditLog.action, filter.action),
    );
  }
  if (filter.actorUserId) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  return conditions;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The fields an entry changed, from what its details hold: `before`/`after` objects, a `from`/`to` pair, or the
 * pattern versions it names (a pattern update records the fields and the new version; the values are in the
 * versions). Null when the entry records an event rather than a change.
 */
export function describeChanges(
  details: Record<string, unknown>,
  versions?: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
): AuditChange[] | null {
  if (isRecord(details.before) || isRecord(details.after)) {
    const before = isRecord(details.before) ? details.before : {};
    const after = isRecord(details.after) ? details.after : {};
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
  }
  if ("from" in details && "to" in details) {
    return [{ field: "value", before: details.from ?? null, after: details.to ?? null }];
  }
  if (Array.isArray(details.fields) && versions) {
    return details.fields
      .filter((field): field is string => typeof field === "string")
      .map((field) => ({
        field,
        before: versions.before?.[field] ?? null,
        after: versions.after?.[field] ?? null,
      }));
  }
  return null;
}

export async function listAudit(
  executor: Executor,
  input: { limit: number; cursor?: string | undefined } & AuditFilter,
) {
  const after = input.cursor ? parseCursor(input.cursor) : null;
  const conditions = filterConditions(input);
  if (after) {
    conditions.push(
      or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), lt(auditLog.id, after.id)))!,
    );
  }
  const rows = await executor
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      ip: auditLog.ip,
      actorId: users.id,
      actorEmail: users.email,
      actorName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const labels = await targetLabels(executor, page);
  const versions = await patternVersionsOf(executor, page);
  return {
    items: page.map(({ actorId, actorEmail, actorName, ...row }) => {
      const version = typeof row.details.version === "number" ? row.details.version : null;
      const key = `${row.targetId}:${version}`;
      return {
        ...row,
        actor: actorId && actorEmail ? { id: actorId, email: actorEmail, name: actorName } : null,
        targetLabel:
          (row.targetType && row.targetId && labels.get(`${row.targetType}:${row.targetId}`)) ??
          null,
        changes: describeChanges(
          row.details,
          row.targetType === "pattern" && version !== null
            ? {
                before: versions.get(`${row.targetId}:${version - 1}`) ?? null,
                after: versions.get(key) ?? null,
              }
            : undefined,
        ),
      };
    }),
    nextCursor: rows.length > input.limit && last ? `${last.at.toISOString()}|${last.id}` : null,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What an admin calls each target: a pattern by its question, a user by name, a customer by name or number.
async function targetLabels(
  executor: Executor,
  page: readonly { targetType: string | null; targetId: string | null }[],
): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(
      page
        .filter((row) => row.targetType === type && row.targetId && uuidPattern.test(row.targetId))
        .map((row) => row.targetId!),
    ),
  ];
  const labels = new Map<string, string>();
  const patternIds = idsOf("pattern");
  if (patternIds.length > 0) {
    const rows = await executor
      .select({ id: patterns.id, label: patterns.triggerText })
      .from(patterns)
      .where(inArray(patterns.id, patternIds));
    for (const row of rows) labels.set(`pattern:${row.id}`, row.label);
  }
  const userIds = idsOf("user");
  if (userIds.length > 0) {
    const rows = await executor
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(inArray(users.id, userIds));
    for (const row of rows) labels.set(`user:${row.id}`, `${row.name} (${row.email})`);
  }
  const customerIds = idsOf("customer");
  if (customerIds.length > 0) {
    const rows = await executor
      .select({ id: customers.id, name: customers.name, phone: customers.phone })
      .from(customers)
      .where(inArray(customers.id, customerIds));
    for (const row of rows) {
      labels.set(`customer:${row.id}`, row.name ? `${row.name} (${row.phone})` : row.phone);
    }
  }
  return labels;
}

// The snapshots of each pattern update's version and the one before it, keyed "<pattern id>:<version>".
async function patternVersionsOf(
  executor: Executor,
  page: readonly {
    targetType: string | null;
    targetId: string | null;
    details: Record<string, unknown>;
  }[],
): Promise<Map<string, Record<string, unknown>>> {
  const wanted = page.flatMap((row) =>
    row.targetType === "pattern" &&
    row.targetId &&
    uuidPattern.test(row.targetId) &&
    typeof row.details.version === "number" &&
    Array.isArray(row.details.fields)
      ? [
          { patternId: row.targetId, version: row.details.version },
          { patternId: row.targetId, version: row.details.version - 1 },
        ]
      : [],
  );
  const snapshots = new Map<string, Record<string, unknown>>();
  if (wanted.length === 0) return snapshots;
  const rows = await executor
    .select({
      patternId: patternVersions.patternId,
      version: patternVersions.version,
      snapshot: patternVersions.snapshot,
    })
    .from(patternVersions)
    .where(
      or(
        ...wanted.map((w) =>
          and(eq(patternVersions.patternId, w.patternId), eq(patternVersions.version, w.version)),
        ),
      ),
    );
  for (const row of rows) {
    snapshots.set(`${row.patternId}:${row.version}`, row.snapshot);
  }
  return snapshots;
}

/** What the filters can choose from: the actions, target types and actors the log holds. */
export async function auditFacets(executor: Executor) {
  const [actions, targetTypes, actors] = await Promise.all([
    executor.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action),
    executor
      .selectDistinct({ targetType: auditLog.targetType })
      .from(auditLog)
      .where(sql`${auditLog.targetType} is not null`)
      .orderBy(auditLog.targetType),
    executor
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(sql`exists (select 1 from ${auditLog} where ${auditLog.actorUserId} = ${users.id})`)
      .orderBy(users.name),
  ]);
  return {
    actions: actions.map((row) => row.action),
    targetTypes: targetTypes.map((row) => row.targetType!),
    actors,
  };
}
