import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from '../internal/clock.js';
import type { SnapshotSession } from './contract.js';
import type { RetryPolicy } from './retry-policy.js';
import type { SessionHub } from './session-hub.js';
import {
  releaseSharedConnection,
  sharedConnectionFor,
  type ConnectionConfig,
  type ConnectionListener,
  type ConnectionState,
  type SharedHubConnection,
} from './shared-connection.js';

export type { ConnectionState, ConnectionStatus } from './shared-connection.js';

/** What the controller needs from its host. */
export interface ConnectionControllerOptions extends ConnectionListener {
  /** The connection the host wants, or undefined when it is not configured (or must not connect). */
  config: () => ConnectionConfig | undefined;
  /** True once the host's session is over: the connection it holds (stopped) is kept whatever the configuration says. */
  frozen?: () => boolean;
  /** Timers (a getter: the host's clock may be replaced after construction). */
  clock: () => Clock;
  /** Delays between attempts. */
  policy: RetryPolicy;
  /** Window to listen to for `online`; null to not listen. */
  eventTarget: EventTarget | null;
}

const sameConfig = (a: ConnectionConfig, b: ConnectionConfig): boolean =>
  a.hubUrl === b.hubUrl && a.hubFactory === b.hubFactory && a.accessTokenFactory === b.accessTokenFactory;

/**
 * One element's hold on the page's shared hub connection: joins it when the element connects, leaves it when
 * the element disconnects. Every element with the same hub URL, factory and token source shares one socket.
 */
export class ConnectionController implements ReactiveController {
  #connection: SharedHubConnection | undefined;
  readonly #options: ConnectionControllerOptions;
  readonly #listener: ConnectionListener;
  readonly #host: ReactiveControllerHost;
  #hostConnected = false;
  // The configuration the current connection was joined with.
  #joined: ConnectionConfig | undefined;

  constructor(host: ReactiveControllerHost, options: ConnectionControllerOptions) {
    this.#host = host;
    this.#options = options;
    // A listener object of its own, so that the options' other members are not called as listener methods.
    this.#listener = {
      onMessage: (method, args) => options.onMessage(method, args),
      onStatus: (status) => options.onStatus(status),
      onSessionGone: () => options.onSessionGone(),
      onSessions: (sessions: readonly SnapshotSession[], unlisted: number) => options.onSessions?.(sessions, unlisted),
      wantsSessions: options.onSessions !== undefined,
    };
    host.addController(this);
  }

  /** The connection's current state. */
  get connectionState(): ConnectionState {
    return this.#connection?.state ?? 'idle';
  }

  /** The live hub while connected, for invocations. */
  get connectedHub(): SessionHub | undefined {
    return this.#connection?.connectedHub;
  }

  /** The user's live sessions as last known. */
  get sessions(): readonly SnapshotSession[] | undefined {
    return this.#connection?.sessions;
  }

  // The connection starts after the host's first update, not in connectedCallback: a framework (or a test)
  // that sets hubFactory, accessTokenFactory or hub-url right after inserting the element is heard before any
  // network request is made.
  hostConnected(): void {
    this.#hostConnected = true;
    this.#host.requestUpdate();
  }

  // Before the update renders (not after): the state the join reports lands in this update, not another one.
  // The host's configuration is compared here, as Lit's Task compares its args: a new URL, factory or token
  // source leaves the old connection and joins the new one. A host that may not connect any more (its session
  // is over) keeps what it has, stopped.
  hostUpdate(): void {
    if (!this.#hostConnected || this.#options.frozen?.()) return;
    const config = this.#options.config();
    if (this.#connection && !(config && this.#joined && sameConfig(config, this.#joined))) this.#leave();
    if (!this.#connection && config) this.#join(config);
  }

  hostDisconnected(): void {
    this.#hostConnected = false;
    this.#leave();
  }

  /** Stops the shared connection for every element: the session is over (`stopped`), or there is none (`unauthorized`). */
  stop(finalState: 'stopped' | 'unauthorized' = 'stopped'): void {
    this.#connection?.stop(finalState);
  }

  #join(config: ConnectionConfig): void {
    const { clock, policy, eventTarget } = this.#options;
    this.#joined = config;
    this.#connection = sharedConnectionFor(config, { clock, policy, eventTarget });
    this.#connection.join(this.#listener);
  }

  #leave(): void {
    const connection = this.#connection;
    if (!connection) return;
    this.#connection = undefined;
    this.#joined = undefined;
    const before = connection.state;
    connection.leave(this.#listener);
    releaseSharedConnection(connection);
    if (before !== 'idle') this.#listener.onStatus({ state: 'idle', attempt: 0 });
  }
}
