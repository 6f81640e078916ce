export * from "./batch";
export * from "./canonical";
export * from "./leaf";
export * from "./merkle";
export * from "./signing";
export * from "./verify";
export * from "./writer-key";
