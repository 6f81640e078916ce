import { AsyncLocalStorage } from "node:async_hooks";
import type { ServerResponse } from "node:http";

/**
 * Next.js lets a page answer 200, or 401/403/404 and redirects through its own errors, but not
 * 400: a page that refuses its URL's parameters renders its message and asks for the status
 * here. The server runs each dashboard request in a context holding that wish and applies it
 * when the headers go out. Shared through globalThis like dashboard-runtime.ts: Next.js bundles
 * its own copy of this module.
 */
type Wish = { status: number | null };

const KEY = Symbol.for("tooltrail.response-status");
type Holder = { [KEY]?: AsyncLocalStorage<Wish> };

function storage(): AsyncLocalStorage<Wish> {
  const g = globalThis as Holder;
  g[KEY] ??= new AsyncLocalStorage<Wish>();
  return g[KEY];
}

/**
 * Runs `handle` so that what it renders may set the response's status. Only a response Next.js
 * would send as 200 takes it: a redirect, a refusal or an error keeps its own.
 */
export function withResponseStatus<T>(res: ServerResponse, handle: () => T): T {
  const wish: Wish = { status: null };
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const chosen = wish.status !== null && status === 200 ? wish.status : status;
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, chosen, ...rest);
  } as ServerResponse["writeHead"];
  return storage().run(wish, handle);
}

/** From a page: answer with `status` instead of 200. False outside a server request (tests). */
export function setResponseStatus(status: number): boolean {
  const wish = storage().getStore();
  if (!wish) return false;
  wish.status = status;
  return true;
}
