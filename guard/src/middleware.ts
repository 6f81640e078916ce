import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { Guard, type GuardOptions } from "./guard";
import { GuardedTransport } from "./transport";

/**
 * Protects an MCP server in one call: every connection it makes afterwards goes through Guard.
 *
 *   const guard = protect(server, { policy, tooltrail: { url, key } });
 *   await server.connect(transport);
 */
export function protect(target: McpServer | Server, options: GuardOptions | Guard): Guard {
  const guard = options instanceof Guard ? options : new Guard(options);
  const server = ("server" in target ? target.server : target) as Server;
  const connect = server.connect.bind(server);
  server.connect = (transport: Transport) => connect(new GuardedTransport(guard, transport));
  return guard;
}
