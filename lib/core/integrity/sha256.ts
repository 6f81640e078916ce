import * as crypto from "node:crypto";

/** `crypto.hash` (Node >= 20.12): one call instead of a Hash object per digest, on the ingest path. */
const oneShot = (
  crypto as unknown as {
    hash: (algorithm: string, data: string | Buffer, encoding: "buffer" | "hex") => Buffer | string;
  }
).hash;

export function sha256(data: string | Buffer): Buffer {
  return oneShot("sha256", data, "buffer") as Buffer;
}

export function sha256Hex(data: string | Buffer): string {
  return oneShot("sha256", data, "hex") as string;
}
