import { burstRule } from "./burst";

/** A client that ignores back-off: a runaway agent, a scraping script, or abuse of a key. */
export const rateLimitStorm = burstRule({
  id: "rate_limit_storm",
  title: "Rate-limit storm",
  description:
    "An actor rate limited (outcome rate_limited, or a rate-limit signal) many times in a few minutes: a client that ignores back-off, a runaway agent or a scraping script.",
  matches: (e) => e.outcome === "rate_limited" || e.rateLimited,
  what: (label, n) => `${label} was rate limited ${n} times`,
  threshold: {
    default: 50,
    why: "Rate-limited calls within the window that raise a flag. Batch jobs meet limits by design and back off; fifty in five minutes means the client keeps hammering.",
  },
  windowMinutes: {
    default: 5,
    why: "Length of the sliding window in minutes. Five minutes spans several back-off cycles of a well-behaved client.",
  },
});
