import type {
  BatchRecord,
  CommitUnit,
  EncodedRows,
  EventRow,
  QuarantineRow,
} from "../../db/store/types";
import type { SpoolCodec } from "./spool";

/**
 * A group as written ahead to the spool. Sealed records replay to exactly the same rows. While
 * the store is unreachable groups cannot be checked for duplicates, so they are spooled unsealed
 * and sealed by the writer once the store answers (and written ahead again, sealed, first).
 * Rows are lines in the store's encoding; spools of earlier versions hold row objects.
 */
export type WalRecord = {
  batches: {
    record: Omit<BatchRecord, "leaves" | "createdAt"> & { leaves: string; createdAt: string };
    rows: EventRow[] | EncodedRows;
  }[];
  quarantine: QuarantineRow[];
  unsealed?: { tenantId: string; docs: string[]; quarantine: QuarantineRow[] }[];
};

/**
 * A record is its JSON with each batch's encoded lines replaced by their lengths, then U+001E,
 * then the lines one after another. JSON text never holds U+001E raw (it escapes every control
 * character), so the first one ends the JSON; the lines, already encoded for the store, are
 * written as they are instead of being quoted again inside the record. They hold no line break
 * (the spool's frame), whatever else they hold. Records of earlier versions are plain JSON.
 */
export const walCodec: SpoolCodec<WalRecord> = {
  encode(rec) {
    const lines: string[] = [];
    const head = {
      ...rec,
      batches: rec.batches.map((b) => {
        if (Array.isArray(b.rows)) return b;
        lines.push(...b.rows.lines);
        return { ...b, rows: { encoding: b.rows.encoding, lengths: b.rows.lines.map(lengthOf) } };
      }),
    };
    return lines.length === 0
      ? JSON.stringify(head)
      : `${JSON.stringify(head)}${SEP}${lines.join("")}`;
  },
  decode(text) {
    const sep = text.indexOf(SEP);
    const rec = JSON.parse(sep < 0 ? text : text.slice(0, sep)) as WalRecord;
    let at = sep + 1;
    for (const b of rec.batches) {
      if (Array.isArray(b.rows)) continue;
      const { lengths } = b.rows as unknown as { lengths: number[] };
      const lines = lengths.map((n) => {
        const line = text.slice(at, at + n);
        at += n;
        return line;
      });
      b.rows = { encoding: b.rows.encoding, lines };
    }
    if (sep >= 0 && at !== text.length)
      throw new Error("a spooled record's lines do not match its batches");
    return rec;
  },
};

const SEP = "\u001e";
const lengthOf = (line: string) => line.length;

export function toWalRecord(unit: CommitUnit): WalRecord {
  return {
    batches: unit.batches.map(({ record, rows }) => ({
      record: {
        ...record,
        leaves: record.leaves.toString("hex"),
        createdAt: record.createdAt.toISOString(),
      },
      rows,
    })),
    quarantine: unit.quarantine,
  };
}

/** Merges spooled groups into inserts of at most `max` events; a batch is never split. */
export function splitUnits(records: readonly WalRecord[], max: number): CommitUnit[] {
  const units: CommitUnit[] = [];
  let current: CommitUnit = { batches: [], quarantine: [] };
  let n = 0;
  for (const rec of records) {
    for (const b of rec.batches) {
      const count = b.record.eventIds.length;
      if (n > 0 && n + count > max) {
        units.push(current);
        current = { batches: [], quarantine: [] };
        n = 0;
      }
      current.batches.push({
        record: {
          ...b.record,
          leaves: Buffer.from(b.record.leaves, "hex"),
          createdAt: new Date(b.record.createdAt),
        },
        rows: b.rows,
      });
      n += count;
    }
    current.quarantine.push(...rec.quarantine);
  }
  if (current.batches.length > 0 || current.quarantine.length > 0) units.push(current);
  return units;
}
