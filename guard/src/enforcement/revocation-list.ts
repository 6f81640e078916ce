import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { Identity } from "../policy/schema";
import { principalMatches, toolMatches } from "../shared";

/** One revocation as Tooltrail's GET /api/v1/guard/revocations sends it. */
export const revocationSchema = z.object({
  id: z.string().min(1).max(128),
  principal: z.string().min(1).max(256),
  tools: z.array(z.string().min(1).max(256)).max(200),
  campaign_id: z.string().min(1).max(128),
  campaign_name: z.string().max(256),
  reason: z.string().max(2000),
  created_at: z.string(),
  list_version: z.number().int().min(0),
});
export type RevocationEntry = z.infer<typeof revocationSchema>;

export const revocationListSchema = z.object({
  server: z.string(),
  version: z.number().int().min(0),
  revocations: z.array(revocationSchema).max(100_000),
});
export type RevocationListBody = z.infer<typeof revocationListSchema>;

/** What is persisted: the list, its ETag and when it was fetched. */
const fileSchema = revocationListSchema.extend({
  etag: z.string().nullable(),
  fetched_at: z.string(),
});
type ListFile = z.infer<typeof fileSchema>;

/**
 * The revocation list in force: a deny that wins over the local policy file. Loaded from the
 * state directory at start (so a Guard restarted while Tooltrail is down keeps enforcing the
 * last list it had) and replaced, then persisted atomically, when a newer one is pulled.
 */
export class RevocationList {
  private list: ListFile | null = null;

  constructor(private readonly file: string | null) {}

  /** Loads the persisted list; a missing file is an empty list, a damaged one is reported. */
  load(expectServer: string | null, log: (m: string) => void): void {
    if (!this.file) return;
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        log(`cannot read ${this.file}: ${(err as Error).message}`);
      return;
    }
    const parsed = (() => {
      try {
        return fileSchema.safeParse(JSON.parse(text));
      } catch {
        return null;
      }
    })();
    if (!parsed?.success) {
      log(`${this.file} is damaged; enforcing no revocations until the next pull`);
      return;
    }
    if (expectServer !== null && parsed.data.server !== expectServer) {
      log(`${this.file} is for server ${parsed.data.server}, not ${expectServer}; ignored`);
      return;
    }
    this.list = parsed.data;
  }

  get version(): number {
    return this.list?.version ?? 0;
  }

  get etag(): string | null {
    return this.list?.etag ?? null;
  }

  get server(): string | null {
    return this.list?.server ?? null;
  }

  entries(): readonly RevocationEntry[] {
    return this.list?.revocations ?? [];
  }

  /** Replaces the list; returns the revocations it did not have before (to dry-run). */
  replace(body: RevocationListBody, etag: string | null, now: Date): RevocationEntry[] {
    const before = new Set(this.entries().map((r) => r.id));
    this.list = { ...body, etag, fetched_at: now.toISOString() };
    this.persist();
    return body.revocations.filter((r) => !before.has(r.id));
  }

  /** The first revocation denying this caller the tool, if any. */
  match(identity: Pick<Identity, "id" | "roles">, tool: string): RevocationEntry | null {
    for (const r of this.entries())
      if (principalMatches(r.principal, identity) && toolMatches(r.tools, tool)) return r;
    return null;
  }

  private persist(): void {
    if (!this.file || !this.list) return;
    writeAtomically(this.file, `${JSON.stringify(this.list)}\n`);
  }
}

/** Write, fsync, rename, fsync the directory: a crash leaves the old file or the new one. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  try {
    const dir = openSync(dirname(file), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some platforms cannot open a directory for fsync; the rename is still atomic.
  }
}
