import { z } from "zod";
import {
  changePassword,
  login,
  MIN_PASSWORD_LENGTH,
  recordAudit,
  revokeSession,
} from "@playbook/core";
import { publicProcedure, router, viewerProcedure } from "../init";

export const ZLoginRequest = z.object({
  email: z.string().trim().max(320).pipe(z.email("Enter a valid email address")),
  password: z.string().min(1, "Enter your password").max(1024),
});

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024),
});

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) =>
    ctx.session ? { user: ctx.session.user, csrfToken: ctx.session.csrfToken } : null,
  ),

  login: publicProcedure.input(ZLoginRequest).mutation(async ({ ctx, input }) => {
    const result = await login(
      ctx.database.db,
      { ...input, ip: ctx.ip, userAgent: ctx.userAgent },
      { sessionTtlHours: ctx.appEnv.PLAYBOOK_SESSION_TTL_HOURS },
    );
    // Signing in again replaces the session the browser had, so it cannot linger.
    if (ctx.session) await revokeSession(ctx.database.db, ctx.session.id);
    ctx.cookie.set(result.token, result.expiresAt);
    return { user: result.user, csrfToken: result.csrfToken };
  }),

  logout: viewerProcedure.mutation(async ({ ctx }) => {
    await ctx.database.db.transaction(async (tx) => {
      await revokeSession(tx, ctx.session.id);
      await recordAudit(tx, {
        actorUserId: ctx.session.user.id,
        action: "auth.logout",
        ip: ctx.ip,
      });
    });
    ctx.cookie.clear();
    return { ok: true as const };
  }),

  changePassword: viewerProcedure.input(ZChangePasswordRequest).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.database.db, input, {
      userId: ctx.session.user.id,
      sessionId: ctx.session.id,
      ip: ctx.ip,
    });
    return { ok: true as const };
  }),
});
