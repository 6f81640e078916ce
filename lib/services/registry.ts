import type { z } from "zod";
import { z as zod } from "zod";
import {
  addHold,
  addHoldInput,
  listHolds,
  listHoldsInput,
  releaseHold,
  releaseHoldInput,
} from "../retention/holds";
import { runRetention, runRetentionInput } from "../retention/run-retention";
import type { AdminCtx } from "./context";
import { listEvents, listEventsInput } from "./events";
import {
  createKey,
  createKeyInput,
  listKeys,
  listKeysInput,
  revokeKey,
  revokeKeyInput,
} from "./keys";
import { sourceCoverage, sourceCoverageInput } from "./sources";
import {
  createTenant,
  createTenantInput,
  listTenants,
  updateTenant,
  updateTenantInput,
} from "./tenants";
import { createUser, createUserInput, setPasswordInput, setUserPassword } from "./users";
import { verifyTenant, verifyTenantInput } from "./verify";

type Operation<S extends z.ZodType> = {
  input: S;
  run(args: { ctx: AdminCtx; input: z.output<S> }): Promise<unknown>;
};

function op<S extends z.ZodType>(input: S, run: Operation<S>["run"]): Operation<S> {
  return { input, run };
}

/**
 * Every administrative verb, by name. The CLI runs them against the store directly, or, when the
 * embedded server holds the data directory, asks the server to run the same operation.
 */
export const OPERATIONS = {
  "tenants.create": op(createTenantInput, createTenant),
  "tenants.list": op(zod.object({}), listTenants),
  "tenants.update": op(updateTenantInput, updateTenant),
  "holds.add": op(addHoldInput, addHold),
  "holds.list": op(listHoldsInput, listHolds),
  "holds.release": op(releaseHoldInput, releaseHold),
  "retention.run": op(runRetentionInput, runRetention),
  "keys.create": op(createKeyInput, createKey),
  "keys.list": op(listKeysInput, listKeys),
  "keys.revoke": op(revokeKeyInput, revokeKey),
  "users.create": op(createUserInput, createUser),
  "users.password": op(setPasswordInput, setUserPassword),
  "events.list": op(listEventsInput, listEvents),
  "sources.coverage": op(sourceCoverageInput, sourceCoverage),
  verify: op(verifyTenantInput, verifyTenant),
} as const;

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Validates input at the boundary and runs the operation; results are plain JSON. */
export async function runOperation(
  ctx: AdminCtx,
  name: OperationName,
  rawInput: unknown,
): Promise<unknown> {
  const operation = OPERATIONS[name] as Operation<z.ZodType>;
  const input = operation.input.parse(rawInput);
  return JSON.parse(JSON.stringify(await operation.run({ ctx, input })));
}
