import { z } from "zod";
import { createUser, listUsers, MIN_PASSWORD_LENGTH, updateUser } from "@playbook/core";
import { userRoles } from "@playbook/db/schema";
import { adminProcedure, router } from "../init";

export const ZCreateUserRequest = z.object({
  email: z.string().trim().max(320).pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(userRoles),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
});

export const ZUpdateUserRequest = z
  .object({
    id: z.uuid(),
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(userRoles).optional(),
    disabled: z.boolean().optional(),
  })
  // `disabled: false` is a change (re-enabling), so test for presence, not truthiness.
  .refine(
    (input) => input.name !== undefined || input.role !== undefined || input.disabled !== undefined,
    { message: "Nothing to change" },
  );

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.database.db)),
  create: adminProcedure
    .input(ZCreateUserRequest)
    .mutation(({ ctx, input }) =>
      createUser(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  update: adminProcedure
    .input(ZUpdateUserRequest)
    .mutation(({ ctx, input }) =>
      updateUser(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
