"use client";

import { signOut } from "next-auth/react";

export function SignOutButton({ className = "btn" }: { className?: string }) {
  return (
    <button
      type="button"
      className={className}
      onClick={() => void signOut({ callbackUrl: "/sign-in" })}
    >
      Sign out
    </button>
  );
}
