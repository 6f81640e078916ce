import type { ReactNode } from "react";

export const metadata = {
  title: "Tooltrail",
  description: "Audit trail for AI agents' MCP tool calls",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem", lineHeight: 1.5 }}>
        {children}
      </body>
    </html>
  );
}
