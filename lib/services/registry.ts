import { z } from "zod";
import { addHoldInput, listHoldsInput, releaseHoldInput } from "../retention/holds";
import { runRetention, runRetentionInput } from "../retention/run-retention";
import type { ServiceCtx, TenantCtx } from "./context";
import { prepareDemo, prepareDemoInput } from "./demo/prepare-demo";
import { runDetection, runDetectionInput } from "./detection/run-detection";
import { listEvents, listEventsInput } from "./events/list-events";
import { listFlags, listFlagsInput } from "./flags/list-flags";
import { listLegalHolds, placeHold, releaseLegalHold } from "./holds/legal-holds";
import {
  integrityDrill,
  integrityDrillInput,
  verifyTenantAudited,
} from "./integrity/integrity-audit";
import { verifyTenantInput } from "./integrity/verify-tenant";
import { createKey, createKeyInput } from "./keys/create-key";
import { keysAsJson, listKeys } from "./keys/list-keys";
import { revokeKey, revokeKeyInput } from "./keys/revoke-key";
import { applyDuePolicy, applyDuePolicyInput } from "./reviews/apply-due-policy";
import {
  cancelCampaign,
  cancelCampaignInput,
  completeCampaign,
  completeCampaignInput,
} from "./reviews/complete-campaign";
import { createCampaign, createCampaignInput } from "./reviews/create-campaign";
import { decideEntries, decideEntriesInput } from "./reviews/decide-entries";
import { exportCampaign, exportCampaignInput } from "./reviews/export-campaign";
import { listCampaigns, listCampaignsInput } from "./reviews/list-campaigns";
import { listEntries, listEntriesInput } from "./reviews/list-entries";
import { startCampaign, startCampaignInput } from "./reviews/start-campaign";
import {
  recordRevocationException,
  recordRevocationExceptionInput,
} from "./revocations/record-exception";
import { sourceCoverage, sourceCoverageInput } from "./sources/source-coverage";
import { createTenant, createTenantInput } from "./tenants/create-tenant";
import { listTenants } from "./tenants/list-tenants";
import { requireTenant, tenantIdSchema } from "./tenants/tenant-id";
import { updateTenant, updateTenantInput } from "./tenants/update-tenant";
import { createUser, createUserInput } from "./users/create-user";
import { setPasswordInput, setUserPassword } from "./users/set-password";
import { listViews } from "./views/list";
import { openView, openViewInput } from "./views/open";

type Operation<S extends z.ZodType> = {
  input: S;
  /** Writes an audit event: the CLI opens the ingest pipeline for it when it runs on the store. */
  audited: boolean;
  run(args: { ctx: ServiceCtx; input: z.output<S> }): Promise<unknown>;
};

function op<S extends z.ZodType>(input: S, run: Operation<S>["run"]): Operation<S> {
  return { input, audited: false, run };
}

const inTenant = z.object({ tenant: tenantIdSchema });

/**
 * A tenant's service run by the operator: `tenant` in the input names the tenant (an unknown one
 * is told how to create it), and the operator may do everything there.
 */
function tenantOp<S extends z.ZodObject>(
  input: S,
  run: (args: { ctx: TenantCtx; input: z.output<S> }) => Promise<unknown>,
): Operation<z.ZodType> {
  const schema = input.extend(inTenant.shape);
  return {
    input: schema,
    audited: true,
    async run({ ctx, input: raw }) {
      const parsed = raw as z.output<S> & { tenant: string };
      return run({ ctx: await operatorIn(ctx, parsed.tenant), input: parsed });
    },
  };
}

/** The same for an input schema that already names its tenant (and cannot be extended). */
function inTenantOf<S extends z.ZodType<{ tenant: string }>>(
  input: S,
  run: (args: { ctx: TenantCtx; input: z.output<S> }) => Promise<unknown>,
  audited: boolean,
): Operation<S> {
  return {
    input,
    audited,
    run: async ({ ctx, input: parsed }) =>
      run({ ctx: await operatorIn(ctx, parsed.tenant), input: parsed }),
  };
}

async function operatorIn(ctx: ServiceCtx, tenantId: string): Promise<TenantCtx> {
  const tenant = await requireTenant(ctx, tenantId);
  return { ...ctx, tenant, data: ctx.store.forTenant(tenant.id), can: () => true };
}

/**
 * Every operation the CLI and the admin endpoint can run, by name: the same services the
 * dashboard calls, with the operator as the actor. The CLI runs them against the store directly,
 * or, when the embedded server holds the data directory, asks the server to run the same one.
 */
export const OPERATIONS = {
  "tenants.create": { ...op(createTenantInput, createTenant), audited: true },
  "tenants.list": op(z.object({}), listTenants),
  "tenants.update": { ...op(updateTenantInput, updateTenant), audited: true },
  "holds.add": inTenantOf(addHoldInput, placeHold, true),
  "holds.list": inTenantOf(listHoldsInput, listLegalHolds, false),
  "holds.release": inTenantOf(releaseHoldInput, releaseLegalHold, true),
  "retention.run": op(runRetentionInput, runRetention),
  "keys.create": tenantOp(createKeyInput, createKey),
  "keys.list": {
    ...tenantOp(z.object({}), async (a) => keysAsJson(await listKeys(a))),
    audited: false,
  },
  "keys.revoke": tenantOp(revokeKeyInput, revokeKey),
  "users.create": { ...op(createUserInput, createUser), audited: true },
  "users.password": { ...op(setPasswordInput, setUserPassword), audited: true },
  "events.list": op(listEventsInput, listEvents),
  "sources.coverage": op(sourceCoverageInput, sourceCoverage),
  verify: inTenantOf(verifyTenantInput, verifyTenantAudited, true),
  "integrity.drill": inTenantOf(integrityDrillInput, integrityDrill, true),
  "detection.run": op(runDetectionInput, runDetection),
  "demo.prepare": { ...op(prepareDemoInput, prepareDemo), audited: true },
  "flags.list": tenantOp(listFlagsInput, listFlags),
  // Access reviews (issue 13): the operator runs campaigns and may decide any entry.
  "reviews.create": tenantOp(createCampaignInput, createCampaign),
  "reviews.list": tenantOp(listCampaignsInput, listCampaigns),
  "reviews.start": tenantOp(startCampaignInput, startCampaign),
  "reviews.entries": tenantOp(listEntriesInput, listEntries),
  "reviews.decide": tenantOp(decideEntriesInput, decideEntries),
  "reviews.complete": tenantOp(completeCampaignInput, completeCampaign),
  "reviews.cancel": tenantOp(cancelCampaignInput, cancelCampaign),
  "reviews.due": tenantOp(applyDuePolicyInput, applyDuePolicy),
  "reviews.export": tenantOp(exportCampaignInput, exportCampaign),
  "reviews.exception": tenantOp(recordRevocationExceptionInput, recordRevocationException),
  // Reading views lists names and queries, not evidence: not audited (events.list is the read).
  "views.list": { ...tenantOp(z.object({}), listViews), audited: false },
  "views.open": { ...tenantOp(openViewInput, openView), audited: false },
} as const;

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Whether the operation writes an audit event (and so needs the ingest pipeline). */
export function isAudited(name: OperationName): boolean {
  return OPERATIONS[name].audited;
}

/** Validates input at the boundary and runs the operation; results are plain JSON. */
export async function runOperation(
  ctx: ServiceCtx,
  name: OperationName,
  rawInput: unknown,
): Promise<unknown> {
  const operation = OPERATIONS[name] as Operation<z.ZodType>;
  const input = operation.input.parse(rawInput);
  return JSON.parse(JSON.stringify(await operation.run({ ctx, input })));
}
