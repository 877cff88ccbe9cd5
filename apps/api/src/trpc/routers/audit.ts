import { z } from "zod";
import { listAudit } from "@playbook/core";
import { adminProcedure, router } from "../init";

export const ZListAuditRequest = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .default({ limit: 50 });

export const auditRouter = router({
  list: adminProcedure
    .input(ZListAuditRequest)
    .query(({ ctx, input }) => listAudit(ctx.database.db, input)),
});
