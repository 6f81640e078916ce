import { LIMITS } from "../../lib/core/contract";
import { jsonNestsDeeper } from "../../lib/core/contract/nesting";
import { problem } from "./problem";

/**
 * A JSON body is one document: nested past `LIMITS.bodyDepth` it is refused whole, before the
 * decoder's JSON.stringify of each element could exhaust the stack. An NDJSON line is one event,
 * so a too-deep line is rejected alone (validation checks depth without recursion); protobuf's
 * decoder keeps its own limit (otlp/decode-proto.ts).
 */
export function refuseDeepJson(buf: Uint8Array, format: string): void {
  if (format !== "json" && format !== "otlp-json") return;
  if (jsonNestsDeeper(buf, LIMITS.bodyDepth)) throw tooDeep();
}

export function tooDeep() {
  return problem(
    400,
    "too-deep",
    "Body nested too deeply",
    `the body nests arrays and objects (or protobuf messages) deeper than ${LIMITS.bodyDepth} levels; an event needs far fewer (arguments may nest ${LIMITS.argumentsDepth} levels)`,
  );
}
