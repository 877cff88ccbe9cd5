import {
  clearOptOut,
  findCustomerByPhone,
  listFlaggedCustomers,
  setCustomerFlags,
  ZClearOptOutRequest,
  ZFindCustomerRequest,
  ZListFlaggedCustomersRequest,
  ZSetCustomerFlagsRequest,
} from "@playbook/core";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../init";

export const customersRouter = router({
  findByPhone: viewerProcedure
    .input(ZFindCustomerRequest)
    .query(({ ctx, input }) => findCustomerByPhone(ctx.database.db, input.phone)),
  /** The VIP and opted-out customers, for Settings; searchable by phone. */
  flagged: viewerProcedure
    .input(ZListFlaggedCustomersRequest)
    .query(({ ctx, input }) => listFlaggedCustomers(ctx.database.db, input)),
  /**
   * VIP customers always get a human; an opt-out recorded here blocks automation like STOP does. Clearing an
   * opt-out is refused here: it is clearOptOut's, an admin's with a reason.
   */
  setFlags: operatorProcedure
    .input(ZSetCustomerFlagsRequest)
    .mutation(({ ctx, input }) =>
      setCustomerFlags(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
  clearOptOut: adminProcedure
    .input(ZClearOptOutRequest)
    .mutation(({ ctx, input }) =>
      clearOptOut(ctx.database.db, input, { userId: ctx.session.user.id, ip: ctx.ip }),
    ),
});
