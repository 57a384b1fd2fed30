// npm entry: importing it defines <session-awareness>, <session-list> and <session-signed-out-reason>.
export { SessionAwareness, defineSessionAwareness } from './session-awareness.js';
export { SessionList, defineSessionList } from './session-list.js';
export { DEFAULT_LIST_STRINGS, type SessionListStrings } from './sessions/session-list-strings.js';
export * from './signed-out/index.js';
export * from './events.js';
export type { Clock, TimerHandle } from './clock.js';
export { systemClock } from './clock.js';
export type { SessionHub, SessionHubOptions, HubFactory } from './hub/session-hub.js';
export { SessionUnauthorizedError } from './hub/session-hub.js';
export { createSignalRHub } from './hub/signalr-hub.js';
export { JitteredBackoff, type RetryPolicy, type RetryAttempt, type JitteredBackoffOptions } from './hub/retry-policy.js';
export type { ConnectionState, ConnectionStatus } from './hub/connection-controller.js';
export type { SessionDetails, ServerMethod, SnapshotSession, DeviceType } from './hub/contract.js';
export type { EndAction, PageLocation } from './navigation.js';
export { DEFAULT_STRINGS, type SessionAwarenessStrings } from './strings.js';
export { mountFromScript } from './mount.js';
