#!/usr/bin/env node
// `npm run build -w guard`: bundles Guard into dist/ as plain ESM JavaScript with a package.json
// ready for `npm publish guard/dist`. Tooltrail's own modules that Guard shares with ingestion
// (lib/redact, lib/contract) are inlined; npm dependencies stay dependencies.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
rmSync(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: { index: `${root}src/index.ts`, cli: `${root}src/cli.ts` },
  outdir: `${root}dist`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "info",
});
mkdirSync(`${root}dist/bin`, { recursive: true });
writeFileSync(
  `${root}dist/bin/tooltrail-guard.mjs`,
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
copyFileSync(`${root}README.md`, `${root}dist/README.md`);
const { devDependencies: _dev, scripts: _scripts, files: _files, ...published } = pkg;
writeFileSync(
  `${root}dist/package.json`,
  `${JSON.stringify({ ...published, exports: { ".": "./index.js", "./cli": "./cli.js" }, bin: { "tooltrail-guard": "bin/tooltrail-guard.mjs" } }, null, 2)}\n`,
);
