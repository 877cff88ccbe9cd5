// Verifies (and, for tests and fake senders, produces) OpenPhone/Quo webhook signatures in both schemes.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type SignatureScheme = "legacy" | "standard";

export type VerifySignatureResult =
  { ok: true; scheme: SignatureScheme } | { ok: false; reason: string };

export interface VerifySignatureInput {
  /** Case-insensitive header lookup, e.g. Hono's `c.req.header`. */
  header: (name: string) => string | undefined;
  /**
   * The body exactly as received, as bytes: decoded text drops a byte-order mark and turns different invalid
   * bytes into the same U+FFFD, and re-serialised JSON differs too. A string stands for its UTF-8 bytes.
   */
  rawBody: Uint8Array | string;
  /** Every currently valid signing secret (several during rotation). */
  secrets: readonly string[];
  now?: Date;
  toleranceSeconds?: number;
}

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export const LEGACY_SIGNATURE_HEADER = "openphone-signature";
export const STANDARD_ID_HEADER = "webhook-id";
export const STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
export const STANDARD_SIGNATURE_HEADER = "webhook-signature";

// A real header carries one or two signatures; the cap bounds the HMAC work a forged header can cause.
const MAX_SIGNATURES_PER_HEADER = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DIGITS = /^\d{1,16}$/;
// Below this a timestamp is seconds; above, milliseconds (1e11 s is the year 5138, 1e11 ms is 1973).
const MILLISECONDS_THRESHOLD = 100_000_000_000;

/** Splits the comma-separated secrets environment variable; blanks are dropped. */
export function parseWebhookSecrets(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret !== "");
}

/**
 * Checks a delivery against every secret and every signature it carries. Never throws: garbage headers,
 * unusable secrets and stale timestamps all come back as `{ ok: false, reason }`.
 */
export function verifyOpenPhoneSignature(input: VerifySignatureInput): VerifySignatureResult {
  const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = (input.now ?? new Date()).getTime() / 1000;
  const keys = input.secrets.map(decodeSigningSecret).filter((key) => key !== null);
  if (keys.length === 0) {
    return fail(
      input.secrets.length === 0
        ? "no signing secret configured"
        : "no usable signing secret (expected base64)",
    );
  }

  const legacyHeader = readHeader(input.header, LEGACY_SIGNATURE_HEADER);
  const standardPresent = [
    STANDARD_ID_HEADER,
    STANDARD_TIMESTAMP_HEADER,
    STANDARD_SIGNATURE_HEADER,
  ].some((name) => readHeader(input.header, name) !== undefined);
  if (legacyHeader === undefined && !standardPresent) return fail("missing signature");

  const context = { rawBody: input.rawBody, keys, nowSeconds, tolerance };
  // A delivery carries one scheme; if it somehow carries both, either may prove it.
  const results: VerifySignatureResult[] = [];
  if (standardPresent) results.push(verifyStandard(input.header, context));
  if (legacyHeader !== undefined) results.push(verifyLegacy(legacyHeader, context));
  return results.find((result) => result.ok) ?? results[0] ?? fail("missing signature");
}

interface VerifyContext {
  rawBody: Uint8Array | string;
  keys: Buffer[];
  nowSeconds: number;
  tolerance: number;
}

function verifyLegacy(headerValue: string, context: VerifyContext): VerifySignatureResult {
  const entries = headerValue
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .slice(0, MAX_SIGNATURES_PER_HEADER)
    .map(parseLegacyEntry)
    .filter((entry) => entry !== null);
  if (entries.length === 0) {
    return fail(
      "malformed signature header: expected openphone-signature: hmac;1;<timestamp>;<base64>",
    );
  }
  const fresh = entries.filter((entry) =>
    isWithinWindow(entry.timestampSeconds, context.nowSeconds, context.tolerance),
  );
  if (fresh.length === 0) return fail(windowReason(context.tolerance));

  for (const entry of fresh) {
    for (const key of context.keys) {
      if (
        equalDigests(computeDigest(key, `${entry.timestampText}.`, context.rawBody), entry.digest)
      ) {
        return { ok: true, scheme: "legacy" };
      }
    }
  }
  return fail("signature mismatch");
}

function parseLegacyEntry(
  entry: string,
): { timestampText: string; timestampSeconds: number; digest: Buffer } | null {
  const parts = entry.split(";").map((part) => part.trim());
  if (parts.length !== 4) return null;
  const [scheme, version, timestampText, digestText] = parts as [string, string, string, string];
  if (scheme !== "hmac" || version !== "1") return null;
  if (!DIGITS.test(timestampText) || !BASE64.test(digestText)) return null;
  const raw = Number(timestampText);
  const timestampSeconds = raw >= MILLISECONDS_THRESHOLD ? raw / 1000 : raw;
  return { timestampText, timestampSeconds, digest: Buffer.from(digestText, "base64") };
}

function verifyStandard(
  header: VerifySignatureInput["header"],
  context: VerifyContext,
): VerifySignatureResult {
  const id = readHeader(header, STANDARD_ID_HEADER);
  const timestampText = readHeader(header, STANDARD_TIMESTAMP_HEADER);
  const signatureText = readHeader(header, STANDARD_SIGNATURE_HEADER);
  if (signatureText === undefined) return fail("missing signature");
  if (id === undefined) return fail("malformed signature header: webhook-id is missing");
  if (timestampText === undefined) {
    return fail("malformed signature header: webhook-timestamp is missing");
  }
  if (!DIGITS.test(timestampText)) {
    return fail("malformed signature header: webhook-timestamp is not whole seconds");
  }
  // Other versions (e.g. asymmetric "v1a") are skipped rather than rejected, as Svix does.
  const digests = signatureText
    .split(/\s+/)
    .map((entry) => entry.replace(/,+$/, ""))
    .filter((entry) => entry.startsWith("v1,"))
    .slice(0, MAX_SIGNATURES_PER_HEADER)
    .map((entry) => entry.slice(3))
    .filter((digest) => BASE64.test(digest))
    .map((digest) => Buffer.from(digest, "base64"));
  if (digests.length === 0) {
    return fail("malformed signature header: expected webhook-signature: v1,<base64>");
  }
  if (!isWithinWindow(Number(timestampText), context.nowSeconds, context.tolerance)) {
    return fail(windowReason(context.tolerance));
  }

  for (const key of context.keys) {
    const expected = computeDigest(key, `${id}.${timestampText}.`, context.rawBody);
    if (digests.some((digest) => equalDigests(expected, digest))) {
      return { ok: true, scheme: "standard" };
    }
  }
  return fail("signature mismatch");
}

/** The HMAC key of a secret: base64 after an optional `whsec_` prefix; null when it is not base64. */
export function decodeSigningSecret(secret: string): Buffer | null {
  const encoded = secret.trim().replace(/^whsec_/, "");
  if (!BASE64.test(encoded)) return null;
  const key = Buffer.from(encoded, "base64");
  return key.length === 0 ? null : key;
}

/** HMAC-SHA256 of the signed prefix (id, timestamp) followed by the body's bytes. */
function computeDigest(key: Buffer, prefix: string, body: Uint8Array | string): Buffer {
  const hmac = createHmac("sha256", key).update(prefix, "utf8");
  return (typeof body === "string" ? hmac.update(body, "utf8") : hmac.update(body)).digest();
}

// timingSafeEqual throws on unequal lengths; a short or long forged digest is simply wrong.
function equalDigests(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// Both directions: a far-future timestamp would otherwise give a replay a long life.
function isWithinWindow(timestampSeconds: number, nowSeconds: number, tolerance: number): boolean {
  return Number.isFinite(timestampSeconds) && Math.abs(nowSeconds - timestampSeconds) <= tolerance;
}

function windowReason(tolerance: number): string {
  return `timestamp outside the ${tolerance} s window`;
}

function readHeader(header: VerifySignatureInput["header"], name: string): string | undefined {
  let value: string | undefined;
  try {
    value = header(name);
  } catch {
    return undefined;
  }
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function fail(reason: string): VerifySignatureResult {
  return { ok: false, reason };
}

export interface SignWebhookInput {
  scheme: SignatureScheme;
  secret: string;
  rawBody: Uint8Array | string;
  timestamp?: Date;
  webhookId?: string;
}

/** The signature headers OpenPhone would send with `rawBody` (plus content-type), for tests and fakes. */
export function signOpenPhoneWebhook(input: SignWebhookInput): Record<string, string> {
  const key = decodeSigningSecret(input.secret);
  if (key === null)
    throw new Error("signOpenPhoneWebhook: the secret must be base64 (optionally whsec_…)");
  const at = input.timestamp ?? new Date();
  if (input.scheme === "legacy") {
    // OpenPhone's legacy header carries milliseconds.
    const timestamp = String(at.getTime());
    const digest = computeDigest(key, `${timestamp}.`, input.rawBody).toString("base64");
    return {
      "content-type": "application/json",
      [LEGACY_SIGNATURE_HEADER]: `hmac;1;${timestamp};${digest}`,
    };
  }
  const id = input.webhookId ?? `msg_${randomBytes(12).toString("hex")}`;
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const digest = computeDigest(key, `${id}.${timestamp}.`, input.rawBody).toString("base64");
  return {
    "content-type": "application/json",
    [STANDARD_ID_HEADER]: id,
    [STANDARD_TIMESTAMP_HEADER]: timestamp,
    [STANDARD_SIGNATURE_HEADER]: `v1,${digest}`,
  };
}

/** A case-insensitive `header(name)` over a plain record, the shape `verifyOpenPhoneSignature` takes. */
export function createHeaderLookup(
  headers: Record<string, string | undefined>,
): (name: string) => string | undefined {
  const lowered = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const),
  );
  return (name) => lowered.get(name.toLowerCase());
}
