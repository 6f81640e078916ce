import { type NextRequest, NextResponse } from "next/server";

/**
 * A fresh nonce per page request and a strict Content-Security-Policy: scripts run only when Next
 * marked them with this nonce ('strict-dynamic' lets those load their chunks), so markup that
 * event content might smuggle in can never execute. Style attributes (charts) stay allowed;
 * style elements need the nonce too.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // The guard names the path in access.denied events (app/_lib/guard.ts); set here, so a client
  // cannot choose it.
  headers.set("x-tooltrail-path", request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  // Behind TLS (DASHBOARD_URL https), browsers must never fall back to plain HTTP.
  if (process.env.NEXTAUTH_URL?.startsWith("https://"))
    response.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
