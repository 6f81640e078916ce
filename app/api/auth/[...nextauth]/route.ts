import NextAuth from "next-auth";
import { authOptions } from "@/app/_lib/next-auth";

// next-auth's own endpoints (sign-in, callback, CSRF token, sign-out): public by nature, each
// protected by next-auth's CSRF double-submit token; the guard applies to everything they lead to.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
