// tRPC setup: one procedure builder per access level, and the single mapping from domain errors to tRPC codes.
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ZodError } from "zod";
import { AppError, csrfTokenMatches, type AppErrorCode, type Role } from "@playbook/core";
import type { Context } from "./context";

export const accessLevels = ["public", "viewer", "operator", "admin"] as const;
export type Access = (typeof accessLevels)[number];

export interface Meta {
  /** Who may call the procedure; the role test walks the router and checks every procedure honours it. */
  access: Access;
}

const errorCodes: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

const describeIssues = (error: ZodError) =>
  error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      const { stack: _stack, ...data } = shape.data;
      if (error.cause instanceof ZodError) {
        return {
          ...shape,
          message: `Invalid input: ${describeIssues(error.cause)}`,
          data: { ...data, issues: error.cause.issues },
        };
      }
      // Unexpected failures keep their detail in the server log, not in the answer.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        return { ...shape, message: "Internal error", data };
      }
      return { ...shape, data };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: errorCodes[cause.code], message: cause.message, cause });
  }
  return result;
});

const roleRank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

const requireRole = (minimum: Role) =>
  t.middleware(({ ctx, type, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
    if (roleRank[ctx.session.user.role] < roleRank[minimum]) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role` });
    }
    // A session cookie rides along on cross-site requests; the token it was issued with does not.
    if (type === "mutation" && !csrfTokenMatches(ctx.session.csrfToken, ctx.csrfHeader)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Missing or invalid CSRF token" });
    }
    return next({ ctx: { ...ctx, session: ctx.session } });
  });

const base = t.procedure.use(mapDomainErrors);

export const publicProcedure = base.meta({ access: "public" });
export const viewerProcedure = base.meta({ access: "viewer" }).use(requireRole("viewer"));
export const operatorProcedure = base.meta({ access: "operator" }).use(requireRole("operator"));
export const adminProcedure = base.meta({ access: "admin" }).use(requireRole("admin"));
