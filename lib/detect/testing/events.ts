import type { DetectEvent } from "../types";

/**
 * Crafted event streams for rule tests: readable builders instead of hand-written arrays, with
 * deterministic ids (so evidence can be asserted) and time-ordered output like the engine feeds.
 */

const BASE: Omit<DetectEvent, "id" | "time"> = {
  actorId: "alice",
  actorType: "user",
  actorName: null,
  server: "files",
  tool: "read_file",
  outcome: "success",
  verdict: null,
  errorType: null,
  validationFailed: false,
  rateLimited: false,
  sessionId: null,
  traceId: null,
  classification: null,
  redactions: [],
  resultBytes: null,
  argValues: [],
  argsHmac: null,
  ingestKeyId: "key-1",
  labels: {},
  internal: false,
};

export type EventTemplate = Partial<Omit<DetectEvent, "id" | "time">>;

export class StreamBuilder {
  private readonly events: DetectEvent[] = [];
  private seq = 0;

  constructor(private readonly prefix = "e") {}

  /** One event at `time`. */
  at(time: number, template: EventTemplate = {}): this {
    this.seq += 1;
    this.events.push({ ...BASE, ...template, id: `${this.prefix}${this.seq}`, time });
    return this;
  }

  /** `count` events from `from`, `spacingMs` apart (default 1 s). */
  burst(from: number, count: number, template: EventTemplate = {}, spacingMs = 1000): this {
    for (let i = 0; i < count; i++) this.at(from + i * spacingMs, template);
    return this;
  }

  /**
   * `perHour` events in each of `hours` consecutive hours from `from`, spread evenly through
   * each hour. `perHour` may be a function of the hour index for seasonal or noisy histories.
   */
  hourly(
    from: number,
    hours: number,
    perHour: number | ((hour: number) => number),
    template: EventTemplate = {},
  ): this {
    for (let h = 0; h < hours; h++) {
      const n = typeof perHour === "number" ? perHour : perHour(h);
      const spacing = n > 0 ? Math.floor(3_600_000 / n) : 0;
      for (let i = 0; i < n; i++) this.at(from + h * 3_600_000 + i * spacing, template);
    }
    return this;
  }

  /** The events so far, time-ordered (stable for equal times). */
  build(): DetectEvent[] {
    return [...this.events].sort((a, b) => a.time - b.time);
  }
}

export function stream(prefix?: string): StreamBuilder {
  return new StreamBuilder(prefix);
}

/** A single event with the test defaults (alice, a user, read_file on server files, key-1). */
export function detectEvent(id: string, time: number, template: EventTemplate = {}): DetectEvent {
  return { ...BASE, ...template, id, time };
}
