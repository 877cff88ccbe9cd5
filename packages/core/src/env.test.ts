import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

describe("loadEnv", () => {
  it("gives safe defaults for an empty environment", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, PLAYBOOK_DATA_DIR: "./data", LOG_LEVEL: "info" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PLAYBOOK_TRUST_PROXY).toBe(0);
  });

  it("treats empty strings as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", PLAYBOOK_ADMIN_EMAIL: " " }).DATABASE_URL).toBeUndefined();
  });

  it("reads PLAYBOOK_TRUST_PROXY as a number of proxies, `true` being one", () => {
    expect(loadEnv({ PLAYBOOK_TRUST_PROXY: "true" }).PLAYBOOK_TRUST_PROXY).toBe(1);
    expect(loadEnv({ PLAYBOOK_TRUST_PROXY: "false" }).PLAYBOOK_TRUST_PROXY).toBe(0);
    expect(loadEnv({ PLAYBOOK_TRUST_PROXY: "2" }).PLAYBOOK_TRUST_PROXY).toBe(2);
    for (const bad of ["yes", "-1", "1.5", "11"]) {
      expect(() => loadEnv({ PLAYBOOK_TRUST_PROXY: bad })).toThrow(/PLAYBOOK_TRUST_PROXY/);
    }
  });

  it("reads the embedded database's buffer cache in whole MB, 16 by default", () => {
    expect(loadEnv({}).PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB).toBe(16);
    expect(
      loadEnv({ PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB: "128" }).PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB,
    ).toBe(128);
    for (const bad of ["0", "1.5", "1025", "lots"]) {
      expect(() => loadEnv({ PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB: bad })).toThrow(
        /PLAYBOOK_EMBEDDED_SHARED_BUFFERS_MB/,
      );
    }
  });

  it("stops on an OpenPhone webhook secret that is not base64, naming the variable", () => {
    for (const bad of ["not base64!", "whsec_%%%", "c2VjcmV0,also not base64", " , "]) {
      expect(() => loadEnv({ OPENPHONE_WEBHOOK_SECRET: bad })).toThrow(/OPENPHONE_WEBHOOK_SECRET/);
    }
    const rotating = "whsec_c2VjcmV0LW9uZQ==, c2VjcmV0LXR3bw==";
    expect(loadEnv({ OPENPHONE_WEBHOOK_SECRET: rotating }).OPENPHONE_WEBHOOK_SECRET).toBe(rotating);
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
