import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@clickhouse/client"],
  // forbidden() renders app/forbidden.tsx with status 403 when the guard refuses a role.
  experimental: { authInterrupts: true },
  // The build checks what it bundles (the dashboard and everything it imports); `npm run
  // typecheck` checks the whole repository, packages and tests included.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  // The Content-Security-Policy needs a nonce per request: proxy.ts sets it. These hold for every
  // response, API and static files included.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          // Not no-referrer: with it Chromium posts forms with `Origin: null`, which Next.js refuses for
          // every server action, so no form would work without JavaScript. same-origin still sends
          // nothing to other sites (links in hostile event content leak no dashboard URL).
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
