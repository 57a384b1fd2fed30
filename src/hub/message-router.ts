import { SessionProtocolErrorEvent } from '../events.js';
import {
  checkDraftKey,
  checkSessionClosed,
  checkSessionEnded,
  checkSessionExpiry,
  checkSessionRegistered,
  checkSessionsList,
  checkSessionsSnapshot,
  type Checked,
  type ServerMethod,
  type SessionClosed,
  type SessionEndedMessage,
  type SessionExpiry,
  type SessionRegistered,
  type SessionsSnapshot,
} from './contract.js';

/** The checked value each server → client method carries. */
export interface ServerMessages {
  sessionRegistered: SessionRegistered;
  sessionClosed: SessionClosed;
  sessionEnded: SessionEndedMessage;
  sessionExpiry: SessionExpiry;
  sessionsSnapshot: SessionsSnapshot;
  sessionsList: SessionsSnapshot;
  /** The user's draft key (base64url), only to the user's live sessions. */
  draftKey: string;
}

/** One handler per server → client method, receiving only checked values. */
export type ServerMessageHandlers = { [M in ServerMethod]: (value: ServerMessages[M]) => void };

const CHECKS: { [M in ServerMethod]: (args: readonly unknown[]) => Checked<ServerMessages[M]> } = {
  sessionRegistered: checkSessionRegistered,
  sessionClosed: checkSessionClosed,
  sessionEnded: checkSessionEnded,
  sessionExpiry: checkSessionExpiry,
  sessionsSnapshot: checkSessionsSnapshot,
  sessionsList: checkSessionsList,
  draftKey: checkDraftKey,
};

/**
 * Checks every server message before a handler sees it. Nothing the server sends may throw into the host page:
 * a malformed message is logged once per kind of problem, announced as `session-protocol-error` on `target`,
 * and dropped; a handler that throws is logged once and contained.
 */
export class MessageRouter {
  readonly #loggedProblems = new Set<string>();
  readonly #target: EventTarget;
  readonly #handlers: ServerMessageHandlers;

  constructor(target: EventTarget, handlers: ServerMessageHandlers) {
    this.#target = target;
    this.#handlers = handlers;
  }

  /** Checks `args` as `method`'s and hands the value to its handler, or drops it. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- M ties CHECKS[method]'s value to #handlers[method]'s parameter; with a plain ServerMethod both are unions and the call does not type-check
  route<M extends ServerMethod>(method: M, args: readonly unknown[]): void {
    try {
      const checked = CHECKS[method](args);
      if (checked.ok) {
        this.#handlers[method](checked.value);
        return;
      }
      this.#logOnce(`${method}: ${checked.problem}`);
      this.#target.dispatchEvent(new SessionProtocolErrorEvent(method, checked.problem));
    } catch (error) {
      this.#logOnce(`${method}: handler failed`, error);
    }
  }

  #logOnce(problem: string, error?: unknown): void {
    if (this.#loggedProblems.has(problem)) return;
    this.#loggedProblems.add(problem);
    console.warn(`[session-awareness] dropped a message from the hub (${problem})`, ...(error ? [error] : []));
  }
}
