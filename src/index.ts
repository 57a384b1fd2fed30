// npm entry: importing it defines <session-awareness>.
export { SessionAwareness, defineSessionAwareness } from './session-awareness.js';
export * from './events.js';
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { SessionHub, SessionHubOptions, HubFactory } from './hub/session-hub.js';
export { SessionUnauthorizedError } from './hub/session-hub.js';
export { createSignalRHub } from './hub/signalr-hub.js';
export { JitteredBackoff, type RetryPolicy, type RetryAttempt, type JitteredBackoffOptions } from './hub/retry-policy.js';
export type { ConnectionState, ConnectionStatus } from './hub/connection-controller.js';
export type { SessionDetails, ServerMethod } from './hub/contract.js';
export type { EndAction, PageLocation } from './navigation.js';
export { DEFAULT_STRINGS, type SessionAwarenessStrings } from './strings.js';
export { mountFromScript } from './mount.js';
