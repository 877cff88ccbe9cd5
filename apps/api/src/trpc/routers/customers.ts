import {
  findCustomerByPhone,
  setCustomerFlags,
  ZFindCustomerRequest,
  ZSetCustomerFlagsRequest,
} from "@playbook/core";
import { operatorProcedure, router, viewerProcedure } from "../init";

export const customersRouter = router({
  findByPhone: viewerProcedure
    .input(ZFindCustomerRequest)
    .query(({ ctx, input }) => findCustomerByPhone(ctx.database.db, input.phone)),
  /** VIP customers always get a human; an opt-out recorded here blocks automation like STOP does. */
  setFlags: operatorProcedure
    .input(ZSetCustomerFlagsRequest)
    .mutation(({ ctx, input }) =>
      setCustomerFlags(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
