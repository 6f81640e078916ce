export * from "./events";
export * from "./ingest-keys";
export * from "./integrity";
export * from "./quarantine";
export * from "./retention";
export * from "./span-tallies";
export * from "./tenants";
export * from "./users";
