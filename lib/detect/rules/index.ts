import type { Rule, RuleId } from "../types";
import { exfilSequence } from "./exfil-sequence";

/**
 * Every detection rule by id: what the engine evaluates, the settings page lists and the docs
 * describe. Partial while the rules land one by one; total once all fourteen exist, so that a
 * rule id without its rule fails the type check.
 */
export const RULES: { readonly [K in RuleId]?: Rule } = {
  exfil_sequence: exfilSequence as Rule,
};
