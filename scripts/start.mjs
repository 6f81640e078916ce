#!/usr/bin/env node
// `npm start`: build the dashboard when its sources changed since the last build, then serve.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
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
const serve = spawn(
  process.execPath,
  [join(root, "bin", "tooltrail.mjs"), "serve", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);
// A process manager signals this pid; the server must get the signal to commit and stop cleanly.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => serve.kill(signal));
serve.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
