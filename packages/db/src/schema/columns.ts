// Column helpers shared by every table: uuid keys and timezone-aware timestamps.
import { timestamp, uuid } from "drizzle-orm/pg-core";

export const id = () => uuid().primaryKey().defaultRandom();

// Millisecond precision: what a JS Date holds, so a timestamp read back compares equal to the one stored
// (keyset paging cursors depend on it).
export const timestamptz = () => timestamp({ withTimezone: true, mode: "date", precision: 3 });

export const createdAt = () => timestamptz().notNull().defaultNow();

export const updatedAt = () =>
  timestamptz()
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
