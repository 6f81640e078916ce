import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";

/** What is sealed per batch; `prev` chains it to the previous batch of the same (tenant, writer). */
export type BatchHeader = {
  v: 1;
  tenant_id: string;
  writer_id: string;
  seq: number;
  prev: string;
  root: string;
  count: number;
  first_time: string;
  last_time: string;
  created_at: string;
};

export const GENESIS_HASH = "0".repeat(64);

export function headerHash(header: BatchHeader | Record<string, unknown>): string {
  return createHash("sha256")
    .update(`tooltrail.batch.v1\n${canonicalJson(header)}`)
    .digest("hex");
}
