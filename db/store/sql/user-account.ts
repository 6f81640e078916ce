import type { users } from "../../schema";
import type { PasswordOrigin, UserAccount, UserCredentials } from "../types";

/** A user row as the rest of the code sees it: never the password hash. */
export function toAccount(row: typeof users.$inferSelect): UserAccount {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
    hasPassword: row.passwordHash !== null,
  };
}

/** The sign-in lookup's view: the account with its password hash and who chose it. */
export function toCredentials(row: typeof users.$inferSelect): UserCredentials {
  const via = row.passwordSetVia;
  return {
    ...toAccount(row),
    passwordHash: row.passwordHash,
    passwordSetVia:
      via === "operator" || via === "invitation" ? (via satisfies PasswordOrigin) : null,
  };
}
