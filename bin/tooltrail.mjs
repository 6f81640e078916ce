#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the CLI and the servers share the same sources.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
