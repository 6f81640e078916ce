import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, loadConfig } from "./config";

describe("configuration", () => {
  it("documents every environment variable in docs/configuration.md", () => {
    const readme = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");
    const missing = Object.keys(configSchema.shape).filter(
      (name) => !readme.includes(`\`${name}\``),
    );
    expect(missing).toEqual([]);
  });

  it("chooses the store from DATABASE_URL and rejects bad values with their names", () => {
    expect(loadConfig({}).store).toBe("pglite");
    expect(loadConfig({ DATABASE_URL: "postgres://u@h/db" }).store).toBe("postgres");
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL: must be a postgres/,
    );
    expect(() => loadConfig({ TLS_CERT_FILE: "/x.pem" })).toThrow(ConfigError);
  });
});
