import { z } from "zod";
import type { PolicyVersion } from "../../../db/store/types";
import { policyDocumentSchema } from "../../access/policy-grants";
import { TooltrailError } from "../../core/errors";
import { parseInput } from "../parse-input";
import { type GuardCtx, guardTenant, policyHash } from "./guard-ctx";
import { name } from "./revocation-common";

export const registerPolicyInput = z.object({
  server: name("server"),
  instance: name("instance"),
  guard_version: name("guard_version", 64),
  hash: z.string().regex(/^[0-9a-f]{64}$/, "must be the policy's sha256 in lowercase hex"),
  document: z.record(z.string(), z.unknown()),
});

/**
 * A Guard instance registers the policy it runs, at start and on every reload. The document must
 * be a Guard policy and hash to `hash` (so the history holds exactly what was enforced); the
 * same hash as the instance's version in force is idempotent, another closes that version.
 */
export async function registerPolicy({
  ctx,
  input,
}: {
  ctx: GuardCtx;
  input: unknown;
}): Promise<{ version: PolicyVersion; created: boolean }> {
  const i = parseInput(registerPolicyInput, input);
  const doc = policyDocumentSchema.safeParse(i.document);
  if (!doc.success) {
    const issue = doc.error.issues[0];
    throw new TooltrailError(
      "invalid-input",
      `document is not a Guard policy: ${issue?.path.join(".") || "document"}: ${issue?.message}`,
    );
  }
  const actual = policyHash(i.document);
  if (actual !== i.hash)
    throw new TooltrailError(
      "invalid-input",
      `hash does not match the document (its RFC 8785 canonical JSON hashes to ${actual})`,
    );
  return guardTenant(ctx, i.server).guardAccess.registerPolicy({
    server: i.server,
    instance: i.instance,
    guardVersion: i.guard_version,
    policyId: doc.data.id,
    hash: i.hash,
    document: i.document,
    keyId: ctx.key.id,
    at: ctx.now(),
  });
}
