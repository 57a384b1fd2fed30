import type { ServerMethod } from './contract.js';

/** What the element needs to open a hub connection. */
export interface SessionHubOptions {
  /** Absolute or page-relative URL of the hub, e.g. `/hubs/session`. */
  url: string;
  /** Supplies a bearer token; without it the connection relies on cookies. */
  accessTokenFactory?: () => string | Promise<string>;
}

/**
 * The connection to the session hub, as the element uses it. Production wraps
 * `@microsoft/signalr`; component tests inject a fake behind this same interface.
 */
export interface SessionHub {
  /** Opens the connection. Rejects with {@link SessionUnauthorizedError} on a 401. */
  start: () => Promise<void>;
  /** Closes the connection; the close callback does not fire for a stop. */
  stop: () => Promise<void>;
  /** Registers a handler that receives a server → client method's raw, unchecked arguments. */
  on: (method: ServerMethod, handler: (...args: unknown[]) => void) => void;
  /** Registers a callback for an open connection that closed without `stop()`. */
  onClose: (callback: (error?: Error) => void) => void;
  /** Asks the server to end another session of the same user. */
  killSession: (sessionId: string) => Promise<void>;
  /** Asks the server to end every other session of the user; resolves to how many it ended. */
  endOtherSessions: () => Promise<number>;
  /** Asks the server for all of the user's live sessions; they come as a `sessionsList` message before it resolves. */
  listSessions: () => Promise<void>;
}

/** Builds a {@link SessionHub}; set as the element's `hubFactory` to inject one. */
export type HubFactory = (options: SessionHubOptions) => SessionHub;

/** The server answered 401: this session is not (or no longer) signed in. */
export class SessionUnauthorizedError extends Error {
  constructor() {
    super('The session hub refused the connection (401).');
    this.name = 'SessionUnauthorizedError';
  }
}
