export * from "./events";
export * from "./ingest-keys";
export * from "./integrity";
export * from "./quarantine";
export * from "./tenants";
export * from "./users";
