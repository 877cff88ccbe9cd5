// Settings overridden by admins; defaults live in code (packages/core/src/config).
import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { updatedAt } from "./columns";

export const config = pgTable("config", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: updatedAt(),
  updatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
});
