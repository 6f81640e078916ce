import { notFound } from "next/navigation";

/** Dynamic segments arrive URL-encoded; a malformed escape is a page that does not exist. */
export function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    notFound();
  }
}
