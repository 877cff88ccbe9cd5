// setCustomerFlags on a real database: VIP and opt-out changes, each audited with before and after.
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
import { findCustomerByPhone, setCustomerFlags } from "./set-customer-flags";

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

  it("records an opt-out with its time and clears both when it is withdrawn", async () => {
    const out = await setCustomerFlags(
      testbed.db,
      { id: customerId, optedOut: true },
      testbed.actor,
    );
    expect(out.optedOut).toBe(true);
    expect(out.optedOutAt).toBeInstanceOf(Date);
    expect(out.isVip).toBe(false);

    const back = await setCustomerFlags(
      testbed.db,
      { id: customerId, optedOut: false },
      testbed.actor,
    );
    expect(back).toMatchObject({ optedOut: false, optedOutAt: null });
    expect(await auditRows(testbed.db, "customer.update")).toHaveLength(2);
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
