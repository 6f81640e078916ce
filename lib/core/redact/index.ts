export * from "./custom-pattern";
export * from "./detectors";
export * from "./policy";
export * from "./redact-event";
export * from "./redact-json";
export * from "./redact-text";
export * from "./settings-input";
