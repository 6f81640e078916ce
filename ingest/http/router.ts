import { type HttpRequest, type HttpResponse, json } from "./http-types";
import { ProblemError, problem } from "./problem";

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
      const p = err instanceof ProblemError ? err : null;
      if (p) {
        return json(p.problem.status, p.problem, {
          ...p.headers,
          "content-type": "application/problem+json",
        });
      }
      log(`unexpected error on ${req.method} ${req.path}`, err);
      const internal = problem(
        500,
        "internal",
        "Internal error",
        "the request failed unexpectedly; it was logged, and no event from it was acknowledged",
      );
      return json(500, internal.problem, { "content-type": "application/problem+json" });
    }
  };
}

export function notFound(path: string): HttpResponse {
  const p = problem(404, "not-found", "Not found", `no route for ${path}`);
  return json(404, p.problem, { "content-type": "application/problem+json" });
}
