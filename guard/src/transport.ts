import type {
  Transport,
  TransportSendOptions,
} from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import type { Guard } from "./guard";
import type { Identity } from "./policy/schema";
import type { GuardSession } from "./session";

/**
 * A transport that puts Guard between an MCP server (which connects to this) and the real
 * transport to the client. Messages are objects all the way: no extra serialisation.
 */
export class GuardedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  readonly session: GuardSession;

  constructor(
    guard: Guard,
    private readonly inner: Transport,
    identity?: Identity,
  ) {
    this.session = guard.session({
      toClient: (m, options) => inner.send(m, options),
      toServer: (m, extra) => this.onmessage?.(m, extra),
      identity,
    });
    inner.onmessage = (m, extra) => this.session.fromClient(m, extra);
    inner.onerror = (e) => this.onerror?.(e);
    inner.onclose = () => {
      this.session.closed();
      this.onclose?.();
    };
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    this.session.fromServer(message, options);
  }
}
