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
import { globToRegExp } from "../policy/constraints";
import type { Identity } from "../policy/schema";

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
type Compiled = { entry: RevocationEntry; tools: RegExp[] };

export class RevocationList {
  private list: ListFile | null = null;
  /** Per caller kind, with compiled globs: a call looks only at what can concern it. */
  private byActor = new Map<string, Compiled[]>();
  private byRole = new Map<string, Compiled[]>();
  private anyone: Compiled[] = [];

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
    this.set(parsed.data);
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
    this.set({ ...body, etag, fetched_at: now.toISOString() });
    this.persist();
    return body.revocations.filter((r) => !before.has(r.id));
  }

  /**
   * The first revocation denying this caller the tool, if any. Principals are matched as
   * lib/access/revocation-match.ts defines them (actor id, `role:<name>`, `*`), tools by glob,
   * none meaning every tool; a test holds the two to the same answers.
   */
  match(identity: Pick<Identity, "id" | "roles">, tool: string): RevocationEntry | null {
    const hit = (list: Compiled[] | undefined) =>
      list?.find((c) => c.tools.length === 0 || c.tools.some((re) => re.test(tool)))?.entry;
    let found = hit(this.byActor.get(identity.id));
    for (const role of identity.roles) found ??= hit(this.byRole.get(role));
    return found ?? hit(this.anyone) ?? null;
  }

  private set(list: ListFile): void {
    this.list = list;
    this.byActor = new Map();
    this.byRole = new Map();
    this.anyone = [];
    for (const entry of list.revocations) {
      const c = { entry, tools: entry.tools.map(globToRegExp) };
      const p = entry.principal;
      if (p === "*") this.anyone.push(c);
      else {
        const [map, key] = p.startsWith("role:") ? [this.byRole, p.slice(5)] : [this.byActor, p];
        map.set(key, [...(map.get(key) ?? []), c]);
      }
    }
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
