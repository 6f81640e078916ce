export { GUARD_ERRORS } from "./errors";
export { Guard, type GuardEvent, type GuardOptions } from "./guard";
export { protect } from "./middleware";
export { PolicyHolder } from "./policy/holder";
export { loadPolicyFile, PolicyError, parsePolicy } from "./policy/load";
export type { Identity, Policy } from "./policy/schema";
export { GuardSession, type SessionPorts } from "./session";
export { Shipper, type ShipperOptions } from "./shipping/shipper";
export { GuardedTransport } from "./transport";
