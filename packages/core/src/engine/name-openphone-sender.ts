// A hand reply sent from OpenPhone carries its sender's OpenPhone user id: the inbox shows their name, read once
// per id from OpenPhone's users API and stored on the message. An id OpenPhone does not know, or no API key, leaves
// the name empty (the inbox says "OpenPhone user"), never someone else's name.
import { and, eq, isNull } from "drizzle-orm";
import { messages } from "@playbook/db/schema";
import { rootCause } from "../errors";
import type { OpenPhoneClient } from "../openphone/openphone-client";
import type { ReplyEngine } from "./reply-engine";

// Per client (per process): names rarely change, and a busy line would otherwise ask once per reply.
const knownNames = new WeakMap<OpenPhoneClient, Map<string, Promise<string | null>>>();

function lookUpName(client: OpenPhoneClient, userId: string): Promise<string | null> {
  let names = knownNames.get(client);
  if (!names) {
    names = new Map<string, Promise<string | null>>();
    knownNames.set(client, names);
  }
  let name = names.get(userId);
  if (!name) {
    name = client.getUser(userId).then((user) => user?.name ?? null);
    // A failed look-up is not remembered: the next reply of this user asks again.
    const cache = names;
    name.catch(() => cache.delete(userId));
    names.set(userId, name);
  }
  return name;
}

export async function nameOpenPhoneSender(
  engine: ReplyEngine,
  message: { id: string; providerUserId: string | null; operatorName: string | null },
): Promise<string | null> {
  if (!engine.openPhone || !message.providerUserId || message.operatorName) return null;
  try {
    const name = await lookUpName(engine.openPhone, message.providerUserId);
    if (!name) return null;
    await engine.database.db
      .update(messages)
      .set({ operatorName: name })
      .where(and(eq(messages.id, message.id), isNull(messages.operatorName)));
    return name;
  } catch (error) {
    engine.logger.warn(
      { err: rootCause(error), userId: message.providerUserId },
      "could not read the OpenPhone user who sent a reply",
    );
    return null;
  }
}
