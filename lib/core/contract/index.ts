export * from "./event-v1";
export * from "./limits";
export * from "./stored-event";
export * from "./validate";
export * from "./well-formed";
