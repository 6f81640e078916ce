import { z } from "zod";
import { eventV1Schema } from "./event-v1";
import { LIMITS } from "./limits";

/**
 * Event contract v1 as JSON Schema (draft 2020-12), for clients in other languages. Generated from
 * the zod schema (input side: what a client sends); the committed copy is checked by a test.
 */
export function eventV1JsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(eventV1Schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: "urn:tooltrail:schema:event:v1",
    title: "Tooltrail event v1",
    description: `One event per MCP request handled. Also enforced: at most ${LIMITS.eventBytes} bytes per event, arguments at most ${LIMITS.argumentsBytes} bytes and ${LIMITS.argumentsDepth} levels deep, tool required when method is tools/call, time within 2000-01-01 and now + 24 h, numbers finite, no lone UTF-16 surrogate in id. Lone surrogates and NUL in other strings are stored as U+FFFD and the fields named in the stored event's replaced list.`,
  };
}
