import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The shape of the dashboard's reads, checked on the source: pages and route handlers read
 * through lib/services (which audits), never a store; components get data and callbacks as props.
 */
const ROOT = join(import.meta.dirname, "../../..");

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)));
}

function offenders(list: string[], pattern: RegExp): string[] {
  return list.filter((f) => pattern.test(readFileSync(join(ROOT, f), "utf8")));
}

describe("the dashboard reads through the application layer", () => {
  const app = files("app").filter((f) => !f.startsWith("app/_lib/"));
  const components = files("components");

  it("no page or route handler reaches a store or writes its own audit event", () => {
    expect(offenders(app, /dashboardRuntime\(\)\.store|access\.store|\bauditEvent\(/)).toEqual([]);
  });

  it("components load nothing: no runtime, store, db/, server action or audit import", () => {
    expect(
      offenders(
        components,
        /from "@\/(app\/|db\/|lib\/runtime\/)|dashboardRuntime|\bauditEvent\b|import \{[^}]*\bload[A-Z][^}]*\} from "@\/lib\/queries\//,
      ),
    ).toEqual([]);
  });
});
