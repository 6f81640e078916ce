import { esc, eventRowText, placeRowText } from "./clickhouse/ch-row-text";
import type { EventColumns, RowEncoding } from "./types";

/**
 * The encodings a store can take rows in (`Store.rowEncoding`), in one place: the prepare worker
 * encodes an event's columns, the sealer places encoded rows in their batch. Adding an encoding
 * is a case here, not in the ingest path.
 */
export function encodeEventRow(encoding: RowEncoding, c: EventColumns, doc: string): string {
  switch (encoding) {
    case "clickhouse-tab-separated":
      return eventRowText(c, doc);
  }
}

export function placeEventRows(
  encoding: RowEncoding,
  texts: readonly string[],
  writerId: string,
  batchSeq: number,
): string[] {
  switch (encoding) {
    case "clickhouse-tab-separated": {
      const writer = esc(writerId);
      return texts.map((t, i) => placeRowText(t, writer, batchSeq, i));
    }
  }
}
