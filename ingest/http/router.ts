import type { HttpRequest, HttpResponse } from "./http-types";
import { internalProblem, problem, problemResponse, toProblem } from "./problem";

export type Route = (req: HttpRequest) => Promise<HttpResponse>;

/**
 * Maps paths to handlers and turns every failure into problem details. Unexpected errors are
 * logged here and answered with a generic 500: no stack or internal message reaches a client.
 */
export function createRouter(
  routes: Record<string, Route>,
  log: (msg: string, err?: unknown) => void,
) {
  return async function route(req: HttpRequest): Promise<HttpResponse | null> {
    const handler = routes[req.path];
    if (!handler) return null;
    try {
      return await handler(req);
    } catch (err) {
      const p = toProblem(err);
      if (p) return problemResponse(p.problem, p.headers);
      log(`unexpected error on ${req.method} ${req.path}`, err);
      return problemResponse(internalProblem());
    }
  };
}

export function notFound(path: string): HttpResponse {
  return problemResponse(problem(404, "not-found", "Not found", `no route for ${path}`).problem);
}
