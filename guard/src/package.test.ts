import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The published package: built with esbuild, Tooltrail's shared modules (lib/redact,
 * lib/contract) inlined, so it runs without this repository. Built inside guard/ (ignored by
 * git) so that its npm dependencies resolve as they would once installed.
 */
const guardDir = join(import.meta.dirname, "..");
const out = join(guardDir, `.package-test-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the publishable package", () => {
  it("bundles the shared modules and works from its own files", () => {
    execFileSync(process.execPath, [join(guardDir, "scripts", "build.mjs"), out]);
    const js = readdirSync(out).filter((f) => f.endsWith(".js"));
    const code = js.map((f) => readFileSync(join(out, f), "utf8")).join("\n");
    expect(code).not.toMatch(/from\s+["'][^"']*\.\.\/lib\//);
    expect(code).toContain("aws_access_key"); // lib/redact's detectors, inlined
    const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "@tooltrail/guard", exports: { ".": "./index.js" } });
    expect(pkg.devDependencies).toBeUndefined();
    const probe = `import("${join(out, "index.js")}").then((g) => {
      const p = g.parsePolicy("version: 1\\nid: pkg\\n");
      console.log(p.id, typeof g.protect, typeof g.Guard);
    })`;
    expect(
      execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" }),
    ).toBe("pkg function function\n");
    const check = execFileSync(
      process.execPath,
      [join(out, "bin", "tooltrail-guard.mjs"), "--help"],
      {
        encoding: "utf8",
      },
    );
    expect(check).toMatch(/tooltrail guard --policy policy.yaml/);
  });
});
