// A reply sent by hand in OpenPhone shows who sent it: the name OpenPhone's users API gives for the webhook's
// userId, stored on the message; an id OpenPhone does not know (or no API key) leaves the name empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@playbook/db/testing";
import {
  startFakeOpenPhoneServer,
  type FakeOpenPhoneServer,
} from "../openphone/fake-openphone-server";
import {
  OPENPHONE_KEY,
  createClock,
  createKitEngine,
  deliver,
  nextCustomerPhone,
  openEngineTestbed,
  type EngineTestbed,
} from "./engine-test-kit";

describe.each(testDatabaseKinds)("the OpenPhone sender's name on %s", (kind) => {
  let testbed: EngineTestbed;
  let openPhone: FakeOpenPhoneServer;
  const clock = createClock();

  beforeAll(async () => {
    testbed = await openEngineTestbed(kind);
    openPhone = await startFakeOpenPhoneServer({
      apiKey: OPENPHONE_KEY,
      users: [
        { id: "USpriya01", firstName: "Priya", lastName: "Shah", email: "priya@golf.example" },
        { id: "USnoname1", email: "desk@golf.example" },
      ],
    });
  });
  afterAll(async () => {
    await openPhone?.close();
    await testbed.test.drop();
  });

  const handReply = (engine: ReturnType<typeof createKitEngine>, userId: string | null) =>
    deliver(engine, {
      direction: "outbound",
      customer: nextCustomerPhone(),
      text: "Bay 2 is yours at 6.",
      at: clock.now,
      userId,
    });

  it("stores the name OpenPhone gives, the email when it has no name, and nothing for an unknown id", async () => {
    const engine = createKitEngine(testbed, clock, {
      OPENPHONE_API_KEY: OPENPHONE_KEY,
      OPENPHONE_API_URL: openPhone.url,
    });
    const named = await handReply(engine, "USpriya01");
    expect(named.message).toMatchObject({
      providerUserId: "USpriya01",
      operatorName: "Priya Shah",
    });
    const byEmail = await handReply(engine, "USnoname1");
    expect(byEmail.message.operatorName).toBe("desk@golf.example");
    const unknown = await handReply(engine, "USgone999");
    expect(unknown.message).toMatchObject({ providerUserId: "USgone999", operatorName: null });
    const none = await handReply(engine, null);
    expect(none.message).toMatchObject({ providerUserId: null, operatorName: null });
  });

  it("leaves the name empty without an API key, and when OpenPhone fails", async () => {
    const keyless = createKitEngine(testbed, clock, {});
    expect((await handReply(keyless, "USpriya01")).message.operatorName).toBeNull();
    const engine = createKitEngine(testbed, clock, {
      OPENPHONE_API_KEY: "a-wrong-key",
      OPENPHONE_API_URL: openPhone.url,
    });
    expect((await handReply(engine, "USpriya01")).message.operatorName).toBeNull();
  });
});
