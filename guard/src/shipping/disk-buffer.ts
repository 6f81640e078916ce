import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/**
 * A bounded, durable on-disk queue of event batches, used while Tooltrail is unreachable. Each
 * batch is one NDJSON file, written to a temporary name, fsync'd and renamed, so a crash leaves
 * either the whole batch or nothing. A batch is deleted only after Tooltrail acknowledged it;
 * replaying one after a crash is harmless because the server dedupes by event id.
 */
export class DiskBuffer {
  private bytes = 0;
  private seq = 0;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of readdirSync(dir)) {
      if (f.endsWith(".tmp")) unlinkQuiet(join(dir, f));
      else if (f.endsWith(".ndjson")) this.bytes += sizeOf(join(dir, f));
    }
  }

  get size(): number {
    return this.bytes;
  }

  /** Oldest first. */
  segments(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => f.endsWith(".ndjson"))
        .sort();
    } catch {
      return [];
    }
  }

  /** Writes a batch durably; false when it would exceed the bound (the caller decides). */
  write(lines: string[]): boolean {
    const body = `${lines.join("\n")}\n`;
    const size = Buffer.byteLength(body);
    if (this.bytes + size > this.maxBytes) return false;
    // Sortable by time, unique per process: several Guard processes may share a directory.
    const name = `${Date.now().toString().padStart(15, "0")}-${process.pid}-${(this.seq++).toString().padStart(8, "0")}.ndjson`;
    const tmp = join(this.dir, `${name}.tmp`);
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, name));
    syncDir(this.dir);
    this.bytes += size;
    return true;
  }

  read(name: string): string[] | null {
    try {
      return readFileSync(join(this.dir, name), "utf8").split("\n").filter(Boolean);
    } catch {
      return null; // another process drained it
    }
  }

  remove(name: string): void {
    const path = join(this.dir, name);
    const size = sizeOf(path);
    if (unlinkQuiet(path)) this.bytes = Math.max(0, this.bytes - size);
  }

  /** Moves a batch Tooltrail refused as malformed aside, for a person to look at. */
  quarantine(name: string): void {
    const dead = join(this.dir, "dead");
    mkdirSync(dead, { recursive: true, mode: 0o700 });
    const size = sizeOf(join(this.dir, name));
    try {
      renameSync(join(this.dir, name), join(dead, name));
      this.bytes = Math.max(0, this.bytes - size);
    } catch {
      // already gone
    }
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function unlinkQuiet(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already synced.
  }
}
