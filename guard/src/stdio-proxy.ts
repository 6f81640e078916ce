import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Guard } from "./guard";

/** Variables Guard itself reads; the wrapped server has no business seeing the ingest key. */
const PRIVATE_ENV = ["TOOLTRAIL_KEY"];

/**
 * `tooltrail guard --policy p.yaml -- <command> <args…>`: Guard is the MCP server to the client
 * on its own stdin/stdout and the MCP client of the real server it spawns. Resolves when either
 * side goes away, after the events are shipped or buffered.
 */
export async function runStdioProxy(
  guard: Guard,
  command: string,
  args: string[],
  io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {},
): Promise<void> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !PRIVATE_ENV.includes(k)) env[k] = v;
  const upstream = new StdioClientTransport({ command, args, env, stderr: "inherit" });
  const downstream = new StdioServerTransport(
    io.stdin as NodeJS.ReadStream | undefined,
    io.stdout as NodeJS.WriteStream | undefined,
  );
  const session = guard.session({
    toClient: (m) => downstream.send(m),
    toServer: (m) => upstream.send(m),
  });
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    guard.log(`stopping: ${why}`);
    session.closed();
    await Promise.allSettled([upstream.close(), downstream.close()]);
    await guard.close();
    done();
  };
  upstream.onmessage = (m) => session.fromServer(m);
  downstream.onmessage = (m) => session.fromClient(m);
  upstream.onerror = (e) => guard.log(`server: ${e.message}`);
  downstream.onerror = (e) => guard.log(`client: ${e.message}`);
  upstream.onclose = () => void shutdown("the server exited");
  downstream.onclose = () => void shutdown("the client closed the connection");
  (io.stdin ?? process.stdin).once("end", () => void shutdown("the client closed stdin"));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void shutdown(sig));
  try {
    await upstream.start();
  } catch (err) {
    await guard.close();
    throw new Error(`cannot start ${command}: ${(err as Error).message}`);
  }
  await downstream.start();
  await finished;
}
