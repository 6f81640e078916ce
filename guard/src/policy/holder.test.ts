import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PolicyHolder } from "./holder";

const dir = mkdtempSync(join(tmpdir(), "guard-reload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = async (check: () => boolean) => {
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("not reloaded in time");
};

describe("policy reload without restart", () => {
  it("picks up edits (also editors' rename-over writes) and keeps the old policy on a bad edit", async () => {
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "version: 1\nid: v1\n");
    const logs: string[] = [];
    const holder = await PolicyHolder.fromFile(file, (m) => logs.push(m));
    holder.watch();
    try {
      writeFileSync(file, "version: 1\nid: v2\n");
      await until(() => holder.current.policy.id === "v2");
      writeFileSync(join(dir, "tmp.yaml"), "version: 1\nid: v3\n");
      renameSync(join(dir, "tmp.yaml"), file);
      await until(() => holder.current.policy.id === "v3");
      writeFileSync(file, "version: 1\nid: v4\nrules: [{ id: a, effect: maybe }]\n");
      await until(() => logs.some((l) => l.includes("reload failed")));
      expect(holder.current.policy.id).toBe("v3");
      expect(logs.find((l) => l.includes("reload failed"))).toMatch(
        /policy\.yaml:3:\d+: rules\.0\.effect/,
      );
      const r = await holder.reload();
      expect(r.ok).toBe(false);
    } finally {
      holder.close();
    }
  });
});
