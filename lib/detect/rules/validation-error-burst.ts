import { burstRule } from "./burst";

/** Malformed calls: fuzzing of a tool's interface, or a client that broke. */
export const validationErrorBurst = burstRule({
  id: "validation_error_burst",
  title: "Validation-error burst",
  description:
    "An actor whose calls fail validation (outcome invalid, or arguments rejected by the tool's schema) many times in a few minutes: fuzzing of a tool's interface, injection attempts, or a broken client.",
  matches: (e) => e.outcome === "invalid" || e.validationFailed,
  what: (label, n) => `${label} made ${n} calls that failed validation`,
  threshold: {
    default: 20,
    why: "Invalid calls within the window that raise a flag. Higher than denials because language-model agents often retry a malformed call a few times on their own.",
  },
  windowMinutes: {
    default: 5,
    why: "Length of the sliding window in minutes. Five minutes is longer than an agent's retry loop and short enough that a day of scattered typos never adds up.",
  },
});
