import { describe, expect, it } from "vitest";
import { httpStatus, isTooltrailError, TooltrailError } from "../../lib/core/errors";
import { OverloadedError, StoreUnavailableError } from "../commit/group-queue";
import { SpoolFullError } from "../commit/spool";
import { internalProblem, ProblemError, problem, problemResponse, toProblem } from "./problem";

describe("ingest errors on the one error model", () => {
  it("a problem is a TooltrailError whose code follows its status", () => {
    const p = problem(413, "body-too-large", "Request body too large", "too big");
    expect(isTooltrailError(p)).toBe(true);
    expect(p.code).toBe("too-large");
    expect(httpStatus(p)).toBe(413);
    expect(problem(429, "rate-limited", "Rate limited", "slow down").code).toBe("overloaded");
  });

  it("the committers' refusals carry codes", () => {
    expect(new OverloadedError("x").code).toBe("overloaded");
    expect(new StoreUnavailableError("x").code).toBe("unavailable");
    expect(new SpoolFullError(10).code).toBe("unavailable");
  });
});

describe("toProblem: the HTTP layer's one mapping", () => {
  it("keeps a problem as it was thrown", () => {
    const p = problem(415, "unsupported-media-type", "Unsupported", "use JSON", {}, { a: "b" });
    expect(toProblem(p)).toBe(p);
  });

  it("answers an overloaded committer with 503 and Retry-After: 1", () => {
    const p = toProblem(new OverloadedError("9 events are waiting to be committed"));
    expect(p?.problem).toEqual({
      type: "urn:tooltrail:problem:overloaded",
      title: "Overloaded",
      status: 503,
      detail: "9 events are waiting to be committed; retry shortly",
    });
    expect(p?.headers).toEqual({ "retry-after": "1" });
  });

  it("answers an unavailable store with 503 and Retry-After: 5", () => {
    const p = toProblem(new StoreUnavailableError("the store did not accept the write"));
    expect(p?.problem.type).toBe("urn:tooltrail:problem:store-unavailable");
    expect(p?.problem.status).toBe(503);
    expect(p?.problem.detail).toBe(
      "events could not be stored durably (the store did not accept the write); nothing from this request was acknowledged",
    );
    expect(p?.headers).toEqual({ "retry-after": "5" });
  });

  it("answers any other TooltrailError with its code's status", () => {
    const p = toProblem(new TooltrailError("not-found", "no such tenant"));
    expect(p?.problem).toMatchObject({ type: "urn:tooltrail:problem:not-found", status: 404 });
  });

  it("leaves a bug to the caller: null, and a 500 without its message", () => {
    expect(toProblem(new Error("secret internals"))).toBeNull();
    const res = problemResponse(internalProblem());
    expect(res.status).toBe(500);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect(String(res.body)).not.toContain("secret");
  });

  it("survives the prepare worker's structured clone as the same kind", () => {
    const p = new ProblemError("too-large", structuredClone(problem(413, "x", "X", "d").problem));
    expect(toProblem(p)?.problem.status).toBe(413);
  });
});
