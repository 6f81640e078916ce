import { burstRule } from "./burst";

/** Refusals by policy: an actor probing what it can reach, or an agent looping on a refusal. */
export const denialBurst = burstRule({
  id: "denial_burst",
  title: "Denial burst",
  description:
    "An actor refused by policy (outcome denied, or a Guard deny verdict) many times in a few minutes: someone probing what they can reach, or an agent stuck retrying something it may not do.",
  matches: (e) => e.outcome === "denied" || e.verdict === "deny",
  what: (label, n) => `${label} was denied ${n} times`,
  threshold: {
    default: 10,
    why: "Denied calls within the window that raise a flag. One or two refusals are normal (a request outside a role); ten in five minutes is probing or a loop.",
  },
  windowMinutes: {
    default: 5,
    why: "Length of the sliding window in minutes. Five minutes catches a scripted sweep while a person's occasional refusals over a day never add up.",
  },
});
