// Both webhook signature schemes: valid, rotated, tampered, stale, future and malformed deliveries.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createHeaderLookup,
  parseWebhookSecrets,
  signOpenPhoneWebhook,
  verifyOpenPhoneSignature,
  type SignatureScheme,
} from "./verify-signature";

const legacySecret = () => randomBytes(32).toString("base64");
const standardSecret = () => `whsec_${randomBytes(32).toString("base64")}`;
const secretFor = (scheme: SignatureScheme) =>
  scheme === "legacy" ? legacySecret() : standardSecret();

const now = new Date("2026-04-01T12:00:00.000Z");
const rawBody = JSON.stringify({ id: "EV1", type: "message.received", data: { text: "héllo 👋" } });

function verify(
  headers: Record<string, string | undefined>,
  secrets: readonly string[],
  body = rawBody,
  at = now,
) {
  return verifyOpenPhoneSignature({
    header: createHeaderLookup(headers),
    rawBody: body,
    secrets,
    now: at,
  });
}

function hmacBase64(keyBase64: string, content: string): string {
  return createHmac("sha256", Buffer.from(keyBase64, "base64")).update(content).digest("base64");
}

describe("parseWebhookSecrets", () => {
  it("splits, trims and drops empties", () => {
    expect(parseWebhookSecrets(" a== , ,whsec_b==,, ")).toEqual(["a==", "whsec_b=="]);
  });

  it("returns nothing for an unset or blank variable", () => {
    expect(parseWebhookSecrets(undefined)).toEqual([]);
    expect(parseWebhookSecrets("  ")).toEqual([]);
  });
});

describe.each<SignatureScheme>(["legacy", "standard"])(
  "verifyOpenPhoneSignature (%s)",
  (scheme) => {
    const sign = (secret: string, options: { body?: string; timestamp?: Date } = {}) =>
      signOpenPhoneWebhook({
        scheme,
        secret,
        rawBody: options.body ?? rawBody,
        timestamp: options.timestamp ?? now,
      });

    it("accepts a valid signature over the raw body", () => {
      const secret = secretFor(scheme);
      expect(verify(sign(secret), [secret])).toEqual({ ok: true, scheme });
    });

    it("accepts when only the second of two rotated secrets matches", () => {
      const secret = secretFor(scheme);
      expect(verify(sign(secret), [secretFor(scheme), secret])).toEqual({ ok: true, scheme });
    });

    it("rejects a tampered body", () => {
      const secret = secretFor(scheme);
      const result = verify(sign(secret), [secret], rawBody.replace("héllo", "hello"));
      expect(result).toEqual({ ok: false, reason: "signature mismatch" });
    });

    it("rejects a re-serialised body (whitespace matters)", () => {
      const secret = secretFor(scheme);
      const pretty = JSON.stringify(JSON.parse(rawBody), null, 2);
      expect(verify(sign(secret), [secret], pretty).ok).toBe(false);
    });

    it("rejects the wrong secret", () => {
      expect(verify(sign(secretFor(scheme)), [secretFor(scheme)])).toEqual({
        ok: false,
        reason: "signature mismatch",
      });
    });

    it("rejects a timestamp older than the window", () => {
      const secret = secretFor(scheme);
      const old = new Date(now.getTime() - 301_000);
      expect(verify(sign(secret, { timestamp: old }), [secret])).toEqual({
        ok: false,
        reason: "timestamp outside the 300 s window",
      });
    });

    it("rejects a timestamp too far in the future", () => {
      const secret = secretFor(scheme);
      const future = new Date(now.getTime() + 301_000);
      expect(verify(sign(secret, { timestamp: future }), [secret])).toEqual({
        ok: false,
        reason: "timestamp outside the 300 s window",
      });
    });

    it("accepts timestamps just inside the window on both sides", () => {
      const secret = secretFor(scheme);
      for (const offset of [-299_000, 299_000]) {
        const at = new Date(now.getTime() + offset);
        expect(verify(sign(secret, { timestamp: at }), [secret]).ok).toBe(true);
      }
    });

    it("honours a custom tolerance", () => {
      const secret = secretFor(scheme);
      const headers = sign(secret, { timestamp: new Date(now.getTime() - 60_000) });
      const result = verifyOpenPhoneSignature({
        header: createHeaderLookup(headers),
        rawBody,
        secrets: [secret],
        now,
        toleranceSeconds: 30,
      });
      expect(result).toEqual({ ok: false, reason: "timestamp outside the 30 s window" });
    });

    it("fails without a configured secret, and with only unusable ones", () => {
      const headers = sign(secretFor(scheme));
      expect(verify(headers, [])).toEqual({ ok: false, reason: "no signing secret configured" });
      expect(verify(headers, ["not base64!"]).ok).toBe(false);
    });
  },
);

describe("verifyOpenPhoneSignature (headers)", () => {
  const secret = legacySecret();
  const ms = String(now.getTime());
  const goodDigest = hmacBase64(secret, `${ms}.${rawBody}`);

  it("reports a missing signature", () => {
    expect(verify({}, [secret])).toEqual({ ok: false, reason: "missing signature" });
    expect(verify({ "openphone-signature": "   " }, [secret])).toEqual({
      ok: false,
      reason: "missing signature",
    });
  });

  it("looks headers up case-insensitively", () => {
    const headers = signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody, timestamp: now });
    const upper = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(verify(upper, [secret]).ok).toBe(true);
  });

  it("accepts a legacy timestamp in seconds as well as milliseconds", () => {
    const seconds = String(Math.floor(now.getTime() / 1000));
    const digest = hmacBase64(secret, `${seconds}.${rawBody}`);
    expect(verify({ "openphone-signature": `hmac;1;${seconds};${digest}` }, [secret])).toEqual({
      ok: true,
      scheme: "legacy",
    });
  });

  it("accepts a legacy key given with a whsec_ prefix", () => {
    const header = `hmac;1;${ms};${goodDigest}`;
    expect(verify({ "openphone-signature": header }, [`whsec_${secret}`]).ok).toBe(true);
  });

  it("accepts any valid one of several comma-separated legacy signatures", () => {
    const other = hmacBase64(legacySecret(), `${ms}.${rawBody}`);
    const header = `hmac;1;${ms};${other}, hmac;1;${ms};${goodDigest}`;
    expect(verify({ "openphone-signature": header }, [secret]).ok).toBe(true);
  });

  it("skips malformed entries next to a valid legacy signature", () => {
    const header = `garbage,hmac;2;${ms};${goodDigest},hmac;1;${ms};${goodDigest}`;
    expect(verify({ "openphone-signature": header }, [secret]).ok).toBe(true);
  });

  it("accepts any one of several space-separated standard signatures, skipping other versions", () => {
    const standard = standardSecret();
    const signed = signOpenPhoneWebhook({
      scheme: "standard",
      secret: standard,
      rawBody,
      timestamp: now,
    });
    const header = `v1a,${randomBytes(64).toString("base64")} v1,${randomBytes(32).toString("base64")} ${signed["webhook-signature"]}`;
    expect(verify({ ...signed, "webhook-signature": header }, [standard])).toEqual({
      ok: true,
      scheme: "standard",
    });
  });

  it("accepts a standard secret given without the whsec_ prefix", () => {
    const standard = standardSecret();
    const signed = signOpenPhoneWebhook({
      scheme: "standard",
      secret: standard,
      rawBody,
      timestamp: now,
    });
    expect(verify(signed, [standard.slice("whsec_".length)]).ok).toBe(true);
  });

  it("binds the standard signature to the webhook id", () => {
    const standard = standardSecret();
    const signed = signOpenPhoneWebhook({
      scheme: "standard",
      secret: standard,
      rawBody,
      timestamp: now,
      webhookId: "msg_one",
    });
    expect(verify({ ...signed, "webhook-id": "msg_two" }, [standard])).toEqual({
      ok: false,
      reason: "signature mismatch",
    });
  });

  it("rejects a signature of a different length without throwing", () => {
    const short = Buffer.from(goodDigest, "base64").subarray(0, 16).toString("base64");
    const long = Buffer.concat([Buffer.from(goodDigest, "base64"), Buffer.alloc(4)]).toString(
      "base64",
    );
    for (const digest of [short, long, "AA=="]) {
      expect(verify({ "openphone-signature": `hmac;1;${ms};${digest}` }, [secret])).toEqual({
        ok: false,
        reason: "signature mismatch",
      });
    }
    const standard = standardSecret();
    const signed = signOpenPhoneWebhook({
      scheme: "standard",
      secret: standard,
      rawBody,
      timestamp: now,
    });
    expect(verify({ ...signed, "webhook-signature": `v1,${short}` }, [standard])).toEqual({
      ok: false,
      reason: "signature mismatch",
    });
  });

  const malformedLegacy = [
    "hmac",
    "hmac;1",
    `hmac;1;${ms}`,
    `sha1;1;${ms};${goodDigest}`,
    `hmac;2;${ms};${goodDigest}`,
    `hmac;1;yesterday;${goodDigest}`,
    `hmac;1;-5;${goodDigest}`,
    `hmac;1;${ms};not*base64!`,
    `hmac;1;${ms};${goodDigest};extra`,
    `hmac;1;;${goodDigest}`,
    `hmac;1;${"9".repeat(40)};${goodDigest}`,
    ",,,",
    ";;;",
    "\u0000\u0001",
    "x".repeat(100_000),
  ];
  it.each(malformedLegacy.map((value) => [value.slice(0, 40), value]))(
    "reports a malformed legacy header %j without throwing",
    (_label, value) => {
      const result = verify({ "openphone-signature": value }, [secret]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^malformed signature header/);
    },
  );

  const standard = standardSecret();
  const signed = signOpenPhoneWebhook({
    scheme: "standard",
    secret: standard,
    rawBody,
    timestamp: now,
  });
  const malformedStandard: [string, Record<string, string | undefined>][] = [
    ["no id", { ...signed, "webhook-id": undefined }],
    ["no timestamp", { ...signed, "webhook-timestamp": undefined }],
    ["timestamp not a number", { ...signed, "webhook-timestamp": "soon" }],
    ["timestamp with decimals", { ...signed, "webhook-timestamp": "1775044800.5" }],
    ["no v1 entry", { ...signed, "webhook-signature": "v2,abc=" }],
    ["v1 without a digest", { ...signed, "webhook-signature": "v1," }],
    ["digest not base64", { ...signed, "webhook-signature": "v1,***" }],
    ["bare digest", { ...signed, "webhook-signature": signed["webhook-signature"]?.slice(3) }],
  ];
  it.each(malformedStandard)("reports a malformed standard header (%s)", (_label, headers) => {
    const result = verify(headers, [standard]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^malformed signature header/);
  });

  it("reports a standard delivery without its signature as missing", () => {
    expect(verify({ ...signed, "webhook-signature": undefined }, [standard])).toEqual({
      ok: false,
      reason: "missing signature",
    });
  });

  it("does not throw when the header lookup itself throws", () => {
    const result = verifyOpenPhoneSignature({
      header: () => {
        throw new Error("boom");
      },
      rawBody,
      secrets: [secret],
      now,
    });
    expect(result).toEqual({ ok: false, reason: "missing signature" });
  });

  it("accepts a delivery carrying both schemes when either is valid", () => {
    const legacy = signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody, timestamp: now });
    expect(verify({ ...signed, ...legacy }, [secret]).ok).toBe(true);
    expect(verify({ ...signed, ...legacy }, [legacySecret()]).ok).toBe(false);
  });
});

describe("signOpenPhoneWebhook", () => {
  it("produces the documented legacy header in milliseconds", () => {
    const secret = legacySecret();
    const headers = signOpenPhoneWebhook({ scheme: "legacy", secret, rawBody, timestamp: now });
    expect(headers["openphone-signature"]).toBe(
      `hmac;1;${now.getTime()};${hmacBase64(secret, `${now.getTime()}.${rawBody}`)}`,
    );
  });

  it("produces the documented standard headers in seconds", () => {
    const secret = standardSecret();
    const headers = signOpenPhoneWebhook({
      scheme: "standard",
      secret,
      rawBody,
      timestamp: now,
      webhookId: "msg_abc",
    });
    const seconds = String(now.getTime() / 1000);
    expect(headers["webhook-id"]).toBe("msg_abc");
    expect(headers["webhook-timestamp"]).toBe(seconds);
    expect(headers["webhook-signature"]).toBe(
      `v1,${hmacBase64(secret.slice(6), `msg_abc.${seconds}.${rawBody}`)}`,
    );
  });

  it("gives each standard delivery its own id", () => {
    const secret = standardSecret();
    const a = signOpenPhoneWebhook({ scheme: "standard", secret, rawBody });
    const b = signOpenPhoneWebhook({ scheme: "standard", secret, rawBody });
    expect(a["webhook-id"]).not.toBe(b["webhook-id"]);
  });

  it("refuses a secret that is not base64", () => {
    expect(() => signOpenPhoneWebhook({ scheme: "legacy", secret: "pa ss", rawBody })).toThrow(
      /base64/,
    );
  });
});
