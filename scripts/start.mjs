#!/usr/bin/env node
// `npm start`: refuse at once when the data directory or the port is taken, build the dashboard
// when its sources changed since the last build, then serve.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { register } from "tsx/esm/api";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const buildId = join(root, ".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "lib",
  "db",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "package.json",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * A second `npm start` on the same data directory or port must change nothing: a rebuild of
 * `.next` under the running server breaks its dashboard. The same checks as `tooltrail serve`.
 */
async function refuseIfTaken() {
  register();
  const { loadConfig } = await import("../lib/core/config.ts");
  const { preflight } = await import("../server/preflight.ts");
  const { cliFailure } = await import("../cli/errors.ts");
  try {
    await preflight(loadConfig());
  } catch (err) {
    const { code, message } = cliFailure(err);
    process.stderr.write(`tooltrail: ${message}\n`);
    process.exit(code);
  }
}

// `npm start -- --help` is the server's usage: nothing to check or build for it.
const help = args.some((a) => a === "--help" || a === "-h");
if (!help) {
  await refuseIfTaken();
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (changedAt > builtAt) {
    console.log(
      builtAt
        ? "Sources changed since the last build; rebuilding the dashboard…"
        : "Building the dashboard (first start)…",
    );
    const build = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
const serve = spawn(process.execPath, [join(root, "bin", "tooltrail.mjs"), "serve", ...args], {
  cwd: root,
  stdio: "inherit",
});
// A process manager signals this pid; the server must get the signal to commit and stop cleanly.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => serve.kill(signal));
serve.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
