/**
 * RFC 9457 problem details: every error the ingest API returns is one of these, never a stack.
 * `type` is a URN so no documentation host is implied.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
};

export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
  }
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ProblemError {
  return new ProblemError(
    { type: `urn:tooltrail:problem:${slug}`, title, status, detail, ...extra },
    headers,
  );
}
