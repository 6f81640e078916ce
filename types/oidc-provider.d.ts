// oidc-provider ships no types; the end-to-end SSO test uses this much of it.
declare module "oidc-provider" {
  import type { Server } from "node:http";

  type Account = { accountId: string; claims(): Promise<Record<string, unknown>> };

  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: Record<string, unknown>[];
        claims?: Record<string, string[]>;
        scopes?: string[];
        cookies?: { keys: string[] };
        features?: Record<string, unknown>;
        findAccount(ctx: unknown, id: string): Promise<Account>;
      },
    );
    listen(port: number, host?: string): Server;
  }
}
