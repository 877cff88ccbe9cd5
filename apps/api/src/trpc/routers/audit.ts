import { z } from "zod";
import { auditFacets, listAudit } from "@playbook/core";
import { adminProcedure, router } from "../init";

export const ZListAuditRequest = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
    // An exact action, or a family ending in a dot ("pattern.").
    action: z
      .string()
      .max(100)
      .regex(/^[a-z0-9_.]+$/, "an action is lower-case words joined by dots")
      .optional(),
    actorUserId: z.uuid().optional(),
    targetType: z.string().max(50).optional(),
    targetId: z.string().max(200).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((input) => !input.from || !input.to || input.from <= input.to, {
    message: "from must not be after to",
    path: ["from"],
  })
  .default({ limit: 50 });

export const auditRouter = router({
  list: adminProcedure
    .input(ZListAuditRequest)
    .query(({ ctx, input }) => listAudit(ctx.database.db, input)),
  facets: adminProcedure.query(({ ctx }) => auditFacets(ctx.database.db)),
});
