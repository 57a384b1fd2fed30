import type { Clock, TimerHandle } from '../internal/clock.js';
import { liveSessionsAfter } from './live-sessions.js';
import { checkSessionsList, SERVER_METHODS, type ServerMethod, type SnapshotSession } from './contract.js';
import type { RetryPolicy } from './retry-policy.js';
import { SessionUnauthorizedError, type HubFactory, type SessionHub } from './session-hub.js';

/** Where the connection to the hub stands. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'stopped';

/** A change of {@link ConnectionState}, with retry information while waiting. */
export interface ConnectionStatus {
  /** The new state. */
  state: ConnectionState;
  /** Failed attempts in a row (0 once connected). */
  attempt: number;
  /** While waiting to retry: the delay chosen, in ms. */
  retryInMs?: number;
}

/** One element listening to a shared connection. */
export interface ConnectionListener {
  /** Receives every server → client method with its raw, unchecked arguments. */
  onMessage: (method: ServerMethod, args: unknown[]) => void;
  /** Told of every state change, and of the current state on joining. */
  onStatus: (status: ConnectionStatus) => void;
  /** A 401 after the page had been connected: the session is gone. */
  onSessionGone: () => void;
  /** The user's live sessions, whenever they change (and on joining, once known), and how many more the server did not list. */
  onSessions?: (sessions: readonly SnapshotSession[], unlisted: number) => void;
  /** Whether this listener shows the user's sessions: the connection then asks the server for them on every connect. */
  readonly wantsSessions?: boolean;
}

/** What identifies a connection: elements with the same three share one. */
export interface ConnectionConfig {
  /** URL of the hub. */
  hubUrl: string;
  /** Builds the hub. */
  hubFactory: HubFactory;
  /** Supplies a bearer token, if any. */
  accessTokenFactory: (() => string | Promise<string>) | undefined;
}

/** How the first element to ask sets the connection up. */
export interface SharedConnectionOptions {
  /** Timers (a getter: the element's clock may be replaced after construction). */
  clock: () => Clock;
  /** Delays between attempts. */
  policy: RetryPolicy;
  /** Window to listen to for `online`; null to not listen. */
  eventTarget: EventTarget | null;
}

/**
 * One hub connection that every element of the page with the same configuration shares: one socket, one
 * reconnect policy, one model of the user's live sessions. It starts with its first listener, retries a failed
 * start and every drop with the policy's delays, forever, tries at once when the browser comes back online,
 * and stops when its last listener leaves, or for everyone when the session is over.
 */
export class SharedHubConnection {
  readonly #config: ConnectionConfig;
  readonly #options: SharedConnectionOptions;
  readonly #listeners = new Set<ConnectionListener>();
  #hub: SessionHub | undefined;
  #retryTimer: TimerHandle | undefined;
  #failedAttempts = 0;
  #everConnected = false;
  #active = false;
  #state: ConnectionState = 'idle';
  #sessions: readonly SnapshotSession[] | undefined;
  // Live sessions the last list counted in its total but did not list (the server caps the list).
  #unlisted = 0;
  // Successful starts so far, and the one whose sessions were asked for: the list is asked once per connection,
  // and only when an element shows it (the connect's own snapshot holds just this session and those since).
  #connections = 0;
  #listedConnection = 0;
  // Each start gets a generation; a stale attempt that resolves after stop() must not touch the state.
  #generation = 0;

  constructor(config: ConnectionConfig, options: SharedConnectionOptions) {
    this.#config = config;
    this.#options = options;
  }

  /** Whether this connection was built from `config`. */
  matches(config: ConnectionConfig): boolean {
    const own = this.#config;
    return own.hubUrl === config.hubUrl && own.hubFactory === config.hubFactory && own.accessTokenFactory === config.accessTokenFactory;
  }

  /** The connection's current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The live hub while connected, for invocations. */
  get connectedHub(): SessionHub | undefined {
    return this.#state === 'connected' ? this.#hub : undefined;
  }

  /** The user's live sessions as last known (undefined before the first snapshot). */
  get sessions(): readonly SnapshotSession[] | undefined {
    return this.#sessions;
  }

  /** Whether any element still listens. */
  get hasListeners(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; the first one starts the connection, later ones are told where it stands. */
  join(listener: ConnectionListener): void {
    if (this.#listeners.has(listener)) return;
    this.#listeners.add(listener);
    if (this.#listeners.size === 1 && this.#state === 'idle') {
      this.#start();
      return;
    }
    listener.onStatus({ state: this.#state, attempt: this.#failedAttempts });
    if (this.#sessions) listener.onSessions?.(this.#sessions, this.#unlisted);
    if (listener.wantsSessions) this.#listSessions();
  }

  /** Removes a listener; the last one to leave closes the connection. */
  leave(listener: ConnectionListener): void {
    if (!this.#listeners.delete(listener)) return;
    if (this.#listeners.size === 0) this.stop('idle');
  }

  /** Stops for every listener (e.g. once the session has ended). */
  stop(finalState: ConnectionState = 'stopped'): void {
    this.#active = false;
    this.#generation++;
    this.#clearRetry();
    this.#options.eventTarget?.removeEventListener('online', this.#handleOnline);
    const hub = this.#hub;
    this.#hub = undefined;
    hub?.stop().catch(() => undefined);
    this.#setState(finalState);
  }

  #start(): void {
    if (this.#active) return;
    const hub = this.#config.hubFactory({
      url: this.#config.hubUrl,
      ...(this.#config.accessTokenFactory ? { accessTokenFactory: this.#config.accessTokenFactory } : {}),
    });
    this.#active = true;
    this.#failedAttempts = 0;
    this.#everConnected = false;
    this.#hub = hub;
    const generation = ++this.#generation;
    for (const method of SERVER_METHODS) {
      hub.on(method, (...args: unknown[]) => {
        if (generation === this.#generation) this.#deliver(method, args);
      });
    }
    hub.onClose(() => {
      if (generation !== this.#generation || !this.#active) return;
      this.#scheduleRetry();
    });
    this.#options.eventTarget?.addEventListener('online', this.#handleOnline);
    void this.#attempt(generation);
  }

  // Listeners are elements of the host page: one that throws must not keep the message from the others.
  #deliver(method: ServerMethod, args: unknown[]): void {
    const sessions = liveSessionsAfter(this.#sessions, method, args);
    if (method === 'sessionsList') {
      const checked = checkSessionsList(args);
      if (checked.ok) this.#unlisted = checked.value.total - checked.value.sessions.length;
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener.onMessage(method, args);
      } catch {
        // the element logs its own failures; here only isolation
      }
    }
    if (sessions === this.#sessions) return;
    this.#sessions = sessions;
    for (const listener of [...this.#listeners]) {
      try {
        if (sessions) listener.onSessions?.(sessions, this.#unlisted);
      } catch {
        // as above
      }
    }
  }

  async #attempt(generation: number): Promise<void> {
    const hub = this.#hub;
    if (!hub || generation !== this.#generation) return;
    this.#retryTimer = undefined;
    this.#setState(this.#everConnected ? 'reconnecting' : 'connecting');
    try {
      await hub.start();
    } catch (error) {
      if (generation !== this.#generation) return;
      if (error instanceof SessionUnauthorizedError) {
        const wasConnected = this.#everConnected;
        this.stop('unauthorized');
        // Before a first connection a 401 only means "not signed in here": reloading
        // a public page for it would loop. After one, the session was taken away.
        if (wasConnected) for (const listener of [...this.#listeners]) listener.onSessionGone();
        return;
      }
      this.#scheduleRetry();
      return;
    }
    if (generation !== this.#generation) return;
    this.#everConnected = true;
    this.#failedAttempts = 0;
    this.#connections++;
    this.#setState('connected');
    this.#listSessions();
  }

  // Asks for the user's sessions once per connection, when connected and some element shows them. A failed ask
  // (the store down) leaves the list as it was; the next connection, or the next list element, asks again.
  #listSessions(): void {
    const hub = this.connectedHub;
    const connection = this.#connections;
    if (!hub || this.#listedConnection === connection || ![...this.#listeners].some((listener) => listener.wantsSessions)) return;
    this.#listedConnection = connection;
    hub.listSessions().catch(() => {
      if (this.#listedConnection === connection) this.#listedConnection = 0;
    });
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    const retryInMs = this.#options.policy.nextRetryDelayInMilliseconds({ previousRetryCount: this.#failedAttempts });
    this.#failedAttempts++;
    const generation = this.#generation;
    this.#retryTimer = this.#options.clock().setTimeout(() => void this.#attempt(generation), retryInMs);
    this.#setState(this.#everConnected ? 'reconnecting' : 'connecting', retryInMs);
  }

  #clearRetry(): void {
    if (this.#retryTimer !== undefined) this.#options.clock().clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  // Back online: the wait was for a network that is now there, so try at once.
  readonly #handleOnline = (): void => {
    if (!this.#active || this.#retryTimer === undefined) return;
    this.#clearRetry();
    void this.#attempt(this.#generation);
  };

  #setState(state: ConnectionState, retryInMs?: number): void {
    if (state === this.#state && retryInMs === undefined) return;
    this.#state = state;
    const status: ConnectionStatus = { state, attempt: this.#failedAttempts, ...(retryInMs === undefined ? {} : { retryInMs }) };
    for (const listener of [...this.#listeners]) listener.onStatus(status);
  }
}

// The page's connections: one per configuration, alive while some element listens.
const pageConnections: SharedHubConnection[] = [];

/** The page's connection for `config`, created (not started) if there is none yet. */
export function sharedConnectionFor(config: ConnectionConfig, options: SharedConnectionOptions): SharedHubConnection {
  const existing = pageConnections.find(
    (connection) => connection.matches(config) && connection.state !== 'stopped' && connection.state !== 'unauthorized',
  );
  if (existing) return existing;
  const created = new SharedHubConnection(config, options);
  pageConnections.push(created);
  return created;
}

/** Forgets a connection nobody listens to any more. */
export function releaseSharedConnection(connection: SharedHubConnection): void {
  if (connection.hasListeners) return;
  const index = pageConnections.indexOf(connection);
  if (index >= 0) pageConnections.splice(index, 1);
}
