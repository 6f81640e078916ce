"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({
  className = "btn",
  callbackUrl = "/sign-in",
}: {
  className?: string;
  /** Where to go next (a path of this site). */
  callbackUrl?: string;
}) {
  return (
    <button type="button" className={className} onClick={() => void signOut({ callbackUrl })}>
      Sign out
    </button>
  );
}
