import type { ServiceCtx } from "./context";

/**
 * What a public operation (first-run setup, accepting an invitation) runs with: nobody is signed
 * in yet, so the actor of its audit event is the account the operation creates or joins, seen
 * from this request.
 */
export type PublicCtx = Omit<ServiceCtx, "actor"> & {
  request: { ip: string | null; userAgent: string | null };
};
