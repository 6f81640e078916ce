#!/usr/bin/env node
// `npm test`: the whole vitest suite, then one plain summary line `N passed, N failed, N skipped`
// (also written to test-artifacts/test-summary.txt for CI). Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const artifacts = join(root, "test-artifacts");
const results = join(artifacts, "vitest-results.json");
mkdirSync(artifacts, { recursive: true });
rmSync(results, { force: true });

const run = spawnSync(
  process.execPath,
  [
    join(root, "node_modules", "vitest", "vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${results}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
);

let line = "0 passed, 1 failed";
let code = run.status ?? 1;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, "utf8"));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (r.numFailedTests > 0 || r.numFailedTestSuites > 0) code ||= 1;
  // A run that failed outside any test (e.g. global setup: a required server is missing) must
  // not read as "0 failed".
  const failed = code !== 0 && r.numFailedTests === 0 ? 1 : r.numFailedTests;
  line = `${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
} else {
  code ||= 1;
}
writeFileSync(join(artifacts, "test-summary.txt"), `${line}\n`);
console.log(line);
process.exit(code);
