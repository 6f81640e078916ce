import { fileURLToPath } from "node:url";

/** drizzle-kit writes here; both SQL backends apply the same files. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));
