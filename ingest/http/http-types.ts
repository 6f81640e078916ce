/** The little of HTTP the pipeline needs, so Node's server and any framework can adapt to it. */
export type HttpRequest = {
  method: string;
  path: string;
  /** The query string without its `?` ("" or absent when there is none). */
  query?: string;
  header(name: string): string | undefined;
  body: AsyncIterable<Uint8Array>;
  remoteAddress: string;
  /** TLS at this server, or at a trusted proxy that said so. */
  secure: boolean;
};

export type HttpResponse = {
  status: number;
  headers: Record<string, string>;
  /** Text, or bytes for binary encodings (OTLP protobuf responses). */
  body: string | Uint8Array;
};

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}
