import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

describe("loadEnv", () => {
  it("gives safe defaults for an empty environment", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, PLAYBOOK_DATA_DIR: "./data", LOG_LEVEL: "info" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PLAYBOOK_TRUST_PROXY).toBe(false);
  });

  it("treats empty strings as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", PLAYBOOK_ADMIN_EMAIL: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable", () => {
    expect(() =>
      loadEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", PLAYBOOK_ADMIN_PASSWORD: "short" }),
    ).toThrow(EnvError);
    try {
      loadEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", PLAYBOOK_ADMIN_PASSWORD: "short" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).toMatch(/PLAYBOOK_ADMIN_PASSWORD/);
    }
  });
});
