// Customer flags on a real database: VIP and opt-out changes, each audited; the lists Settings shows.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  auditRows,
  createClock,
  createKitEngine,
  nextCustomerPhone,
  openEngineTestbed,
  recordDirectly,
  resetEngineData,
  type EngineTestbed,
} from "../engine/engine-test-kit";
import { listFlaggedCustomers, ZListFlaggedCustomersRequest } from "./list-flagged-customers";
import {
  clearOptOut,
  findCustomerByPhone,
  setCustomerFlags,
  ZClearOptOutRequest,
  ZSetCustomerFlagsRequest,
} from "./set-customer-flags";

describe.each(testDatabaseKinds)("setCustomerFlags on %s", (kind) => {
  let testbed: EngineTestbed;
  let customerId: string;
  let phone: string;

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    phone = nextCustomerPhone();
    const recorded = await recordDirectly(createKitEngine(testbed, createClock()), {
      direction: "inbound",
      customerPhone: phone,
      customerName: "Sam Lee",
      body: "Hi there",
      sentAt: new Date(),
    });
    customerId = recorded.customer.id;
  });

  it("marks a customer VIP and audits the change with before and after", async () => {
    const after = await setCustomerFlags(
      testbed.db,
      { id: customerId, isVip: true },
      testbed.actor,
    );
    expect(after).toMatchObject({ id: customerId, isVip: true, optedOut: false });
    expect((await findCustomerByPhone(testbed.db, phone)).isVip).toBe(true);
    const audits = await auditRows(testbed.db, "customer.update");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: testbed.actor.userId,
      targetType: "customer",
      targetId: customerId,
      details: {
        before: { isVip: false, optedOut: false },
        after: { isVip: true, optedOut: false },
      },
    });
  });

  it("applies a double click once: the second asks for the state already set and is not audited", async () => {
    await setCustomerFlags(testbed.db, { id: customerId, optedOut: true }, testbed.actor);
    const again = await setCustomerFlags(
      testbed.db,
      { id: customerId, optedOut: true },
      testbed.actor,
    );
    expect(again).toMatchObject({ optedOut: true });
    expect(await auditRows(testbed.db, "customer.update")).toHaveLength(1);
  });

  it("keeps an opt-out until an admin clears it with a reason, audited with the reason", async () => {
    const out = await setCustomerFlags(
      testbed.db,
      { id: customerId, optedOut: true },
      testbed.actor,
    );
    expect(out.optedOut).toBe(true);
    expect(out.optedOutAt).toBeInstanceOf(Date);
    expect(out.isVip).toBe(false);

    await expect(
      setCustomerFlags(testbed.db, { id: customerId, optedOut: false }, testbed.actor),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("START") as string,
    });
    expect(ZClearOptOutRequest.safeParse({ id: customerId, reason: " " }).success).toBe(false);

    const back = await clearOptOut(
      testbed.db,
      { id: customerId, reason: "Asked at the front desk to get texts again" },
      testbed.actor,
    );
    expect(back).toMatchObject({ optedOut: false, optedOutAt: null });
    expect(await auditRows(testbed.db, "customer.opt_out_cleared")).toMatchObject([
      {
        targetId: customerId,
        details: {
          reason: "Asked at the front desk to get texts again",
          after: { optedOut: false },
        },
      },
    ]);
    await expect(
      clearOptOut(testbed.db, { id: customerId, reason: "again" }, testbed.actor),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("marks a VIP by phone as typed, lists VIPs and opt-outs with since when, and finds them by phone", async () => {
    const typed = `+1 (${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const vip = await setCustomerFlags(
      testbed.db,
      ZSetCustomerFlagsRequest.parse({ phone: typed, isVip: true }),
      testbed.actor,
    );
    expect(vip).toMatchObject({ id: customerId, isVip: true, vipAt: expect.any(Date) as Date });
    const listed = await listFlaggedCustomers(testbed.db, { phone: phone.slice(-4) });
    expect(listed).toEqual({
      vip: [{ id: customerId, name: "Sam Lee", phone, since: vip.vipAt }],
      optedOut: [],
    });
    expect(await listFlaggedCustomers(testbed.db, { phone: "0000000" })).toEqual({
      vip: [],
      optedOut: [],
    });
    const removed = await setCustomerFlags(
      testbed.db,
      { id: customerId, isVip: false },
      testbed.actor,
    );
    expect(removed).toMatchObject({ isVip: false, vipAt: null });
    expect((await listFlaggedCustomers(testbed.db, {})).vip).toEqual([]);
  });

  it("refuses a number nobody texted from, and one that is not a number, saying so", async () => {
    await expect(
      setCustomerFlags(
        testbed.db,
        ZSetCustomerFlagsRequest.parse({ phone: "+1 902 000 0000", isVip: true }),
        testbed.actor,
      ),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("only customers who have texted") as string,
    });
    const bad = ZSetCustomerFlagsRequest.safeParse({ phone: "sam@example.com", isVip: true });
    expect(bad.error?.issues[0]?.message).toBe('"sam@example.com" is not a phone number');
    expect(ZListFlaggedCustomersRequest.safeParse({ phone: "sam" }).success).toBe(false);
    expect(await auditRows(testbed.db, "customer.update")).toHaveLength(0);
  });

  it("answers NOT_FOUND for an unknown customer and audits nothing", async () => {
    await expect(
      setCustomerFlags(
        testbed.db,
        { id: "00000000-0000-4000-8000-000000000000", isVip: true },
        testbed.actor,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(findCustomerByPhone(testbed.db, "+10000000000")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await auditRows(testbed.db, "customer.update")).toHaveLength(0);
  });
});
