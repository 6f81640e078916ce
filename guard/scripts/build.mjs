#!/usr/bin/env node
// `npm run build -w guard`: bundles Guard into dist/ as plain ESM JavaScript with a package.json
// ready for `npm publish guard/dist`. Tooltrail's own modules that Guard shares with ingestion
// (lib/redact, lib/contract) are inlined; npm dependencies stay dependencies.
// `node scripts/build.mjs <dir>` builds elsewhere (the packaging test).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const out = resolve(process.argv[2] ?? `${root}dist`);
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { index: `${root}src/index.ts`, cli: `${root}src/cli.ts` },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: process.argv[2] ? "warning" : "info",
});
mkdirSync(`${out}/bin`, { recursive: true });
writeFileSync(
  `${out}/bin/tooltrail-guard.mjs`,
  `#!/usr/bin/env node
import { guardMain, GuardUsageError } from "../cli.js";
guardMain(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(\`tooltrail-guard: \${err instanceof Error ? err.message : String(err)}\\n\`);
    process.exit(err instanceof GuardUsageError ? err.exitCode : 1);
  },
);
`,
  { mode: 0o755 },
);
copyFileSync(`${root}README.md`, `${out}/README.md`);
const { devDependencies: _dev, scripts: _scripts, files: _files, ...published } = pkg;
writeFileSync(
  `${out}/package.json`,
  `${JSON.stringify({ ...published, exports: { ".": "./index.js", "./cli": "./cli.js" }, bin: { "tooltrail-guard": "bin/tooltrail-guard.mjs" } }, null, 2)}\n`,
);
