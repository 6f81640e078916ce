/** Set by server/dashboard.ts from the socket (or a trusted proxy); any client value is replaced. */
export const CLIENT_IP_HEADER = "x-tooltrail-client-ip";
