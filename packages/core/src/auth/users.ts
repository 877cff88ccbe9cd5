// Managing users: create, list, update (role, name, disabled), change password, and the first admin.
import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@playbook/db";
import { users } from "@playbook/db/schema";
import { recordAudit } from "../audit/audit-log";
import { badRequest, conflict, notFound } from "../errors";
import { normalizeEmail } from "./login";
import { generatePassword, hashPassword, verifyPassword } from "./password";
import { revokeUserSessions, type Role } from "./session";

export interface Actor {
  userId: string;
  ip: string | null;
}

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export async function listUsers(db: Db) {
  const rows = await db.select(publicColumns).from(users).orderBy(asc(users.email));
  return rows.map(({ disabledAt, ...row }) => ({ ...row, disabled: disabledAt !== null }));
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; password: string },
  actor: Actor,
) {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), role: input.role, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    if (!created) throw conflict(`A user with email ${email} already exists`);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "user.create",
      targetType: "user",
      targetId: created.id,
      details: { email, role: input.role },
      ip: actor.ip,
    });
    return created;
  });
}

export async function updateUser(
  db: Db,
  input: {
    id: string;
    name?: string | undefined;
    role?: Role | undefined;
    disabled?: boolean | undefined;
  },
  actor: Actor,
) {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.id, input.id)).for("update");
    if (!current) throw notFound("User");
    const losesAdmin =
      current.role === "admin" &&
      current.disabledAt === null &&
      ((input.role !== undefined && input.role !== "admin") || input.disabled === true);
    if (losesAdmin) {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, current.id)));
      if ((others?.n ?? 0) === 0)
        throw badRequest("The last active admin cannot be demoted or disabled");
    }
    const disabledAt =
      input.disabled === undefined
        ? current.disabledAt
        : input.disabled
          ? (current.disabledAt ?? new Date())
          : null;
    const [updated] = await tx
      .update(users)
      .set({
        name: input.name?.trim() ?? current.name,
        role: input.role ?? current.role,
        disabledAt,
      })
      .where(eq(users.id, current.id))
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    // A disabled user or a changed role must not keep acting through sessions opened before the change.
    if (disabledAt !== null || (input.role && input.role !== current.role)) {
      await revokeUserSessions(tx, current.id);
    }
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "user.update",
      targetType: "user",
      targetId: current.id,
      details: { name: input.name, role: input.role, disabled: input.disabled },
      ip: actor.ip,
    });
    return { ...updated!, disabled: disabledAt !== null };
  });
}

export async function changePassword(
  db: Db,
  input: { currentPassword: string; newPassword: string },
  actor: Actor & { sessionId: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    // Not UNAUTHORIZED: the caller is signed in; what they typed is wrong.
    throw badRequest("The current password is wrong");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await revokeUserSessions(tx, user.id, { except: actor.sessionId });
    await recordAudit(tx, {
      actorUserId: user.id,
      action: "user.change_password",
      targetType: "user",
      targetId: user.id,
      ip: actor.ip,
    });
  });
}

export const DEFAULT_ADMIN_EMAIL = "admin@playbook.local";

/**
 * On first start (no users at all) creates an admin from the given credentials, or with a generated password
 * that is returned so the caller can print it once. Replicas starting together create one admin between them.
 */
export async function bootstrapAdmin(
  db: Db,
  input: { email?: string | undefined; password?: string | undefined },
): Promise<{ email: string; generatedPassword: string | null } | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;
  const email = normalizeEmail(input.email ?? DEFAULT_ADMIN_EMAIL);
  const generatedPassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email, name: "Administrator", role: "admin", passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!created) return null;
    await recordAudit(tx, {
      actorUserId: null,
      action: "user.bootstrap_admin",
      targetType: "user",
      targetId: created.id,
      details: { email, generated: generatedPassword !== null },
    });
    return { email, generatedPassword };
  });
}
