// Writing and reading the audit log. Writers pass the transaction of the change they describe.
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Executor } from "@playbook/db";
import { auditLog, users } from "@playbook/db/schema";
import { badRequest } from "../errors";

export interface AuditEntry {
  actorUserId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
  });
}

// The cursor is "<ISO time>|<id>" of the last row of the previous page: stable under concurrent inserts.
function parseCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime())) throw badRequest("Invalid cursor");
  return { at: date, id };
}

export async function listAudit(
  executor: Executor,
  input: { limit: number; cursor?: string | undefined },
) {
  const after = input.cursor ? parseCursor(input.cursor) : null;
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
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(
      after
        ? or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), lt(auditLog.id, after.id)))
        : undefined,
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ actorId, actorEmail, ...row }) => ({
      ...row,
      actor: actorId && actorEmail ? { id: actorId, email: actorEmail } : null,
    })),
    nextCursor: rows.length > input.limit && last ? `${last.at.toISOString()}|${last.id}` : null,
  };
}
