import type { SessionDetails } from './hub/contract.js';
import type { ConnectionStatus } from './hub/connection-controller.js';
import type { EndAction } from './navigation.js';

const init = (cancelable: boolean): EventInit => ({ bubbles: true, composed: true, cancelable });

/** Another session of this user began; cancel to not show the notice. */
export class SessionNoticeEvent extends Event {
  static readonly eventName = 'session-notice';
  constructor(
    /** Opaque public handle of the other session. */
    readonly sessionId: string,
    /** The server's text. */
    readonly message: string,
    /** What the server told about the other session. */
    readonly details: Readonly<SessionDetails>,
  ) {
    super(SessionNoticeEvent.eventName, init(true));
  }
}

/** Another session of this user ended (`sessionClosed`): its notice was removed. */
export class SessionClosedEvent extends Event {
  static readonly eventName = 'session-closed';
  constructor(/** Handle of the session that ended. */ readonly sessionId: string) {
    super(SessionClosedEvent.eventName, init(false));
  }
}

/** The user pressed Dismiss on a notice; cancel to keep the notice. */
export class SessionDismissEvent extends Event {
  static readonly eventName = 'session-dismiss';
  constructor(/** Handle of the session whose notice is dismissed. */ readonly sessionId: string) {
    super(SessionDismissEvent.eventName, init(true));
  }
}

/** The user pressed End session; cancel to not call KillSession. */
export class SessionKillEvent extends Event {
  static readonly eventName = 'session-kill';
  constructor(/** Handle of the session to end. */ readonly sessionId: string) {
    super(SessionKillEvent.eventName, init(true));
  }
}

/** KillSession finished: `ok` tells whether the server ended the session. */
export class SessionKillResultEvent extends Event {
  static readonly eventName = 'session-kill-result';
  constructor(
    /** Handle of the session the user tried to end. */
    readonly sessionId: string,
    /** True when the server ended it. */
    readonly ok: boolean,
  ) {
    super(SessionKillResultEvent.eventName, init(false));
  }
}

/** Why the widget considers this session ended. */
export type SessionEndCause = 'server' | 'unauthorized';

/** This session was ended; cancel to skip the built-in action (reload, redirect). */
export class SessionEndedEvent extends Event {
  static readonly eventName = 'session-ended';
  constructor(
    /** The server's reason, as plain text, if it gave one. */
    readonly reason: string | undefined,
    /** `server` for a `sessionEnded` message, `unauthorized` for a 401 on reconnect. */
    readonly cause: SessionEndCause,
    /** What the widget will do unless cancelled. */
    readonly action: EndAction,
  ) {
    super(SessionEndedEvent.eventName, init(true));
  }
}

/** The hub connection changed state. */
export class SessionConnectionEvent extends Event {
  static readonly eventName = 'session-connection';
  constructor(/** The new state and retry information. */ readonly status: Readonly<ConnectionStatus>) {
    super(SessionConnectionEvent.eventName, init(false));
  }
}

/** The server sent a message of the wrong shape; it was dropped. */
export class SessionProtocolErrorEvent extends Event {
  static readonly eventName = 'session-protocol-error';
  constructor(
    /** The hub method whose message was dropped. */
    readonly method: string,
    /** What was wrong, for logs (never shown to the user). */
    readonly problem: string,
  ) {
    super(SessionProtocolErrorEvent.eventName, init(false));
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-notice': SessionNoticeEvent;
    'session-closed': SessionClosedEvent;
    'session-dismiss': SessionDismissEvent;
    'session-kill': SessionKillEvent;
    'session-kill-result': SessionKillResultEvent;
    'session-ended': SessionEndedEvent;
    'session-connection': SessionConnectionEvent;
    'session-protocol-error': SessionProtocolErrorEvent;
  }
}
