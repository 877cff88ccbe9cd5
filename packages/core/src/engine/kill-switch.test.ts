// pullKillSwitch on a real database: automation off, every pattern deactivated, audited, or nothing at all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@playbook/db/testing";
import { getSettings } from "../settings/settings";
import {
  applySettings,
  auditRows,
  insertPattern,
  liveSettings,
  loadPattern,
  openEngineTestbed,
  resetEngineData,
  type EngineTestbed,
} from "./engine-test-kit";
import { pullKillSwitch } from "./kill-switch";

describe.each(testDatabaseKinds)("pullKillSwitch on %s", (kind) => {
  let testbed: EngineTestbed;

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
  });
  afterAll(() => testbed.test.drop());
  beforeEach(async () => {
    await resetEngineData(testbed.db);
    await applySettings(testbed, liveSettings);
  });

  it("disables automation, deactivates every live pattern and audits it", async () => {
    const active = await insertPattern(testbed.db, { isActive: true });
    const auto = await insertPattern(testbed.db, { isActive: true, autoExecutable: true });
    const autoOnly = await insertPattern(testbed.db, { isActive: false, autoExecutable: true });
    const inactive = await insertPattern(testbed.db, { isActive: false });
    const deleted = await insertPattern(testbed.db, { isActive: true, deletedAt: new Date() });

    const result = await pullKillSwitch(
      testbed.db,
      { reason: "customer complaint" },
      testbed.actor,
    );
    expect(result).toEqual({ deactivatedPatterns: 3 });

    expect((await getSettings(testbed.db)).enabled).toBe(false);
    for (const { id } of [active, auto, autoOnly, inactive]) {
      expect(await loadPattern(testbed.db, id)).toMatchObject({
        isActive: false,
        autoExecutable: false,
      });
    }
    // A deleted pattern is out of the product already; its row is left as it was.
    expect((await loadPattern(testbed.db, deleted.id)).isActive).toBe(true);

    const audits = await auditRows(testbed.db, "automation.kill_switch");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: testbed.actor.userId,
      targetType: "settings",
      details: { reason: "customer complaint", deactivatedPatterns: 3 },
    });
  });

  it("can be pulled again: nothing left to deactivate, still audited", async () => {
    await insertPattern(testbed.db, { isActive: true });
    await pullKillSwitch(testbed.db, { reason: "first" }, testbed.actor);
    expect(await pullKillSwitch(testbed.db, { reason: "second" }, testbed.actor)).toEqual({
      deactivatedPatterns: 0,
    });
    expect(await auditRows(testbed.db, "automation.kill_switch")).toHaveLength(2);
    expect((await getSettings(testbed.db)).enabled).toBe(false);
  });

  it("changes nothing when it fails part-way (an actor that does not exist)", async () => {
    const active = await insertPattern(testbed.db, { isActive: true, autoExecutable: true });
    await expect(
      pullKillSwitch(
        testbed.db,
        { reason: "ghost" },
        { userId: "00000000-0000-4000-8000-000000000000", ip: null },
      ),
    ).rejects.toThrow();
    expect((await getSettings(testbed.db)).enabled).toBe(true);
    expect(await loadPattern(testbed.db, active.id)).toMatchObject({
      isActive: true,
      autoExecutable: true,
    });
    expect(await auditRows(testbed.db, "automation.kill_switch")).toHaveLength(0);
  });
});
