import type { Config } from "../../lib/core/config";
import { runAdmin } from "../admin-client";
import { flags, required, timeFlag } from "../args";
import { CliError } from "../errors";
import { printJson, say } from "../output";
import { readPassword } from "../password-input";

const HELP = `usage:
  tooltrail users create --tenant <id> --email <email> --role <role> [--name <name>] [--password <pw> | --password-stdin] [--expires <date>] [--json]
  tooltrail users password --email <email> (--password <pw> | --password-stdin) [--json]
  --password-stdin: typed without echo (twice) on a terminal, else read from stdin to its end
  roles: owner, admin, compliance_officer, security_analyst, auditor (needs --expires), viewer
  a password set on an existing account ends all of its sessions`;

export async function usersCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = flags(
    argv,
    {
      tenant: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      "password-stdin": { type: "boolean" },
      expires: { type: "string" },
    },
    HELP,
  );
  // Asked only once the rest of the line is known to be right: a typo in a flag must not cost
  // typing the password twice for nothing.
  const password = () =>
    values["password-stdin"] ? readPassword() : Promise.resolve(values.password);
  if (positionals[0] === "password") {
    const email = required(values.email, "email", HELP);
    const r = (await runAdmin(config, "users.password", {
      email,
      password: required(await password(), "password (or --password-stdin)", HELP),
    })) as { email: string; endedSessions: number };
    if (values.json) return printJson(r);
    return say(`password set for ${r.email}; ${sessions(r.endedSessions)} ended`);
  }
  if (positionals[0] !== "create") throw new CliError(HELP, 2);
  const input = {
    tenant: required(values.tenant, "tenant", HELP),
    email: required(values.email, "email", HELP),
    role: required(values.role, "role", HELP),
    name: values.name,
    expiresAt: timeFlag(values.expires, "expires"),
  };
  const u = await runAdmin(config, "users.create", { ...input, password: await password() });
  if (values.json) return printJson(u);
  const r = u as {
    email: string;
    role: string;
    tenant: string;
    created: boolean;
    passwordSet: boolean;
    endedSessions: number;
  };
  const reset =
    !r.created && r.passwordSet ? `; password set, ${sessions(r.endedSessions)} ended` : "";
  say(`${r.created ? "created" : "updated"} user ${r.email} as ${r.role} of ${r.tenant}${reset}`);
}

function sessions(n: number): string {
  return n === 1 ? "1 session" : `${n} sessions`;
}
