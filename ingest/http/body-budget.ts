import { problem } from "./problem";

/**
 * Every request reserves at least this much: what a request costs in memory before its body
 * (socket and parser buffers) is not free, so even empty bodies count against the budget.
 */
export const MIN_RESERVATION_BYTES = 64 * 1024;

/** One request's share of the budget; `release` is idempotent. */
export type BodyReservation = {
  readonly held: number;
  /** Grows the reservation to cover `bytes` buffered, or answers 503 when the budget cannot. */
  cover(bytes: number): void;
  /** Sets the reservation to what is still buffered (after inflating, the compressed body). */
  settle(bytes: number): void;
  release(): void;
};

/**
 * Request bodies held in memory at once, shared by every route that buffers one (native events
 * and OTLP): past the limit requests are shed with 503 instead of memory growing.
 */
export class BodyBudget {
  #used = 0;

  constructor(readonly limit: number) {}

  /** Bytes reserved by requests in flight. */
  get used(): number {
    return this.#used;
  }

  /** Reserves `bytes` up front (a declared Content-Length), at least the per-request floor. */
  reserve(bytes: number): BodyReservation {
    let held = 0;
    let released = false;
    const resize = (to: number) => {
      if (released) return;
      // A length that is not a number (a framework that passes headers unchecked) reserves the floor.
      const target = Math.max(Number.isFinite(to) ? to : 0, MIN_RESERVATION_BYTES);
      if (target > held && this.#used + (target - held) > this.limit) throw overloaded();
      this.#used += target - held;
      held = target;
    };
    resize(bytes);
    return {
      get held() {
        return held;
      },
      cover(bytes) {
        if (bytes > held) resize(bytes);
      },
      settle(bytes) {
        resize(bytes);
      },
      release: () => {
        if (released) return;
        this.#used -= held;
        held = 0;
        released = true;
      },
    };
  }
}

function overloaded() {
  return problem(
    503,
    "overloaded",
    "Overloaded",
    "too many request bodies in flight; retry shortly",
    {},
    { "retry-after": "1" },
    "overloaded",
  );
}
