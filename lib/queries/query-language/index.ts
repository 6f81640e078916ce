export type { QueryNode } from "../../../db/store/query-node";
export { QUERY_LIMITS } from "./errors";
export { type ParseOptions, parseQuery } from "./parser";
export { printQuery } from "./printer";
