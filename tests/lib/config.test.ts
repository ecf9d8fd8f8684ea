import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("configuration from the environment", () => {
  it("has working defaults", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.sessionIdleMinutes).toBe(30);
    expect(c.databaseUrl).toBeUndefined();
  });
  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "порт должен быть от 1 до 65535"],
    [{ DATABASE_URL: "mysql://x" }, "postgresql://"],
    [{ SESSION_SECRET: "short" }, "не короче 32"],
    [{ SESSION_IDLE_MINUTES: "0" }, "SESSION_IDLE_MINUTES"],
    [{ NODE_ENV: "production" }, "SESSION_SECRET"],
  ])("explains a bad value %o", (env, text) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(text);
  });
});
