/** Guard's version, reported with its policy and heartbeats (a test keeps it equal to package.json's). */
export const GUARD_VERSION = "0.1.0";
