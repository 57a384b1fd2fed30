import type { SessionDetails } from './hub/contract.js';
import type { ConnectionStatus } from './hub/connection-controller.js';
import type { EndAction } from './internal/navigation.js';

const init = (cancelable: boolean): EventInit => ({ bubbles: true, composed: true, cancelable });

/** Another session of this user began; cancel to not show the notice. */
export class SessionNoticeEvent extends Event {
  static get eventName(): 'session-notice' {
    return 'session-notice';
  }
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
  static get eventName(): 'session-closed' {
    return 'session-closed';
  }
  constructor(/** Handle of the session that ended. */ readonly sessionId: string) {
    super(SessionClosedEvent.eventName, init(false));
  }
}

/** The user pressed Dismiss on a notice; cancel to keep the notice. */
export class SessionDismissEvent extends Event {
  static get eventName(): 'session-dismiss' {
    return 'session-dismiss';
  }
  constructor(/** Handle of the session whose notice is dismissed. */ readonly sessionId: string) {
    super(SessionDismissEvent.eventName, init(true));
  }
}

/** The user pressed End session; cancel to not call KillSession. */
export class SessionKillEvent extends Event {
  static get eventName(): 'session-kill' {
    return 'session-kill';
  }
  constructor(/** Handle of the session to end. */ readonly sessionId: string) {
    super(SessionKillEvent.eventName, init(true));
  }
}

/** KillSession finished: `ok` tells whether the server ended the session. */
export class SessionKillResultEvent extends Event {
  static get eventName(): 'session-kill-result' {
    return 'session-kill-result';
  }
  constructor(
    /** Handle of the session the user tried to end. */
    readonly sessionId: string,
    /** True when the server ended it. */
    readonly ok: boolean,
  ) {
    super(SessionKillResultEvent.eventName, init(false));
  }
}

/** The user confirmed Sign out all other sessions in `<session-list>`; cancel to not call EndOtherSessions. */
export class SessionEndOthersEvent extends Event {
  static get eventName(): 'session-end-others' {
    return 'session-end-others';
  }
  constructor() {
    super(SessionEndOthersEvent.eventName, init(true));
  }
}

/** EndOtherSessions finished: `ok` tells whether the server answered, `count` how many sessions it ended. */
export class SessionEndOthersResultEvent extends Event {
  static get eventName(): 'session-end-others-result' {
    return 'session-end-others-result';
  }
  constructor(
    /** True when the server ended them. */
    readonly ok: boolean,
    /** How many sessions the server ended (0 when it failed). */
    readonly count: number,
  ) {
    super(SessionEndOthersResultEvent.eventName, init(false));
  }
}

/** Why the widget considers this session ended. */
export type SessionEndCause = 'server' | 'unauthorized';

/** This session was ended; cancel to skip the built-in action (reload, redirect). */
export class SessionEndedEvent extends Event {
  static get eventName(): 'session-ended' {
    return 'session-ended';
  }
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
  static get eventName(): 'session-connection' {
    return 'session-connection';
  }
  constructor(/** The new state and retry information. */ readonly status: Readonly<ConnectionStatus>) {
    super(SessionConnectionEvent.eventName, init(false));
  }
}

/** The server sent a message of the wrong shape; it was dropped. */
export class SessionProtocolErrorEvent extends Event {
  static get eventName(): 'session-protocol-error' {
    return 'session-protocol-error';
  }
  constructor(
    /** The hub method whose message was dropped. */
    readonly method: string,
    /** What was wrong, for logs (never shown to the user). */
    readonly problem: string,
  ) {
    super(SessionProtocolErrorEvent.eventName, init(false));
  }
}

/** The expiry warning is about to show; cancel to not show it (expiry still happens). */
export class SessionExpiryWarningEvent extends Event {
  static get eventName(): 'session-expiry-warning' {
    return 'session-expiry-warning';
  }
  constructor(
    /** The deadline on this page's clock, in ms since the epoch. */
    readonly expiresAt: number,
  ) {
    super(SessionExpiryWarningEvent.eventName, init(true));
  }
}

/**
 * The user chose Stay signed in; cancel to skip the built-in keep-alive request (the host
 * slides the session itself; the widget then re-reads the status).
 */
export class SessionExtendedEvent extends Event {
  static get eventName(): 'session-extended' {
    return 'session-extended';
  }
  constructor() {
    super(SessionExtendedEvent.eventName, init(true));
  }
}

/** The session expired (drafts are saved); cancel to skip `expired-action`. */
export class SessionExpiredEvent extends Event {
  static get eventName(): 'session-expired' {
    return 'session-expired';
  }
  constructor(/** What the widget will do unless cancelled. */ readonly action: EndAction) {
    super(SessionExpiredEvent.eventName, init(true));
  }
}

/** Why the widget asks the page to save its work. */
export type AutosaveReason = 'expiry' | 'ended';

/** Save unsaved work now: the session is about to expire or has ended. */
export class SessionAutosaveEvent extends Event {
  static get eventName(): 'session-autosave' {
    return 'session-autosave';
  }
  /** `reason`, and `waitUntil(promise)`: the widget waits (up to `autosave-timeout`) before it moves on. */
  readonly detail: { reason: AutosaveReason; waitUntil: (work: PromiseLike<unknown>) => void };
  constructor(reason: AutosaveReason, waitUntil: (work: PromiseLike<unknown>) => void) {
    super(SessionAutosaveEvent.eventName, init(false));
    this.detail = { reason, waitUntil };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-notice': SessionNoticeEvent;
    'session-closed': SessionClosedEvent;
    'session-dismiss': SessionDismissEvent;
    'session-kill': SessionKillEvent;
    'session-kill-result': SessionKillResultEvent;
    'session-end-others': SessionEndOthersEvent;
    'session-end-others-result': SessionEndOthersResultEvent;
    'session-ended': SessionEndedEvent;
    'session-connection': SessionConnectionEvent;
    'session-protocol-error': SessionProtocolErrorEvent;
    'session-expiry-warning': SessionExpiryWarningEvent;
    'session-extended': SessionExtendedEvent;
    'session-expired': SessionExpiredEvent;
    'session-autosave': SessionAutosaveEvent;
  }
}
