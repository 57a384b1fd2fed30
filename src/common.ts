// What every element's entry exports besides its element: the events, the injectable clock, the hub factory and
// retry policy, and the contract's types.
export * from './events.js';
export type { Clock, TimerHandle } from './internal/clock.js';
export { systemClock } from './internal/clock.js';
export type { SessionHub, SessionHubOptions, HubFactory } from './hub/session-hub.js';
export { SessionUnauthorizedError } from './hub/session-hub.js';
export { createSignalRHub } from './hub/signalr-hub.js';
export { JitteredBackoff, type RetryPolicy, type RetryAttempt, type JitteredBackoffOptions } from './hub/retry-policy.js';
export type { ConnectionState, ConnectionStatus } from './hub/connection-controller.js';
export type { SessionDetails, ServerMethod, SnapshotSession, DeviceType } from './hub/contract.js';
export type { EndAction, PageLocation } from './internal/navigation.js';
