import type { ReactNode } from "react";
import "./globals.css";

export const metadata = {
  title: { default: "Tooltrail", template: "%s · Tooltrail" },
  description: "Audit trail for AI agents' MCP tool calls",
};

// Every page depends on the session and a per-request CSP nonce: nothing is prerendered.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
