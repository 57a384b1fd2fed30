import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock, TimerHandle } from '../clock.js';
import { SERVER_METHODS, type ServerMethod } from './contract.js';
import type { RetryPolicy } from './retry-policy.js';
import { SessionUnauthorizedError, type SessionHub } from './session-hub.js';

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

/** What the controller needs from its host. */
export interface ConnectionControllerOptions {
  /** Builds a hub, or returns undefined when the host is not configured yet. */
  createHub(): SessionHub | undefined;
  /** Timers (a getter: the host's clock may be replaced after construction). */
  clock(): Clock;
  /** Delays between attempts. */
  policy: RetryPolicy;
  /** Receives every server → client method with its raw arguments. */
  onMessage(method: ServerMethod, args: unknown[]): void;
  /** Told of every state change. */
  onStatus(status: ConnectionStatus): void;
  /** A 401 after this page had been connected: the session is gone. */
  onSessionGone(): void;
  /** Window to listen to for `online`; null to not listen. */
  eventTarget: EventTarget | null;
}

/**
 * Owns the hub connection of one element: starts it when the element connects, retries a
 * failed first start and every drop with the policy's delays, forever, tries at once when
 * the browser comes back online, and stops everything when the element disconnects.
 */
export class ConnectionController implements ReactiveController {
  #hub: SessionHub | undefined;
  #retryTimer: TimerHandle | undefined;
  #failedAttempts = 0;
  #everConnected = false;
  #active = false;
  #state: ConnectionState = 'idle';
  // Each start() gets a generation; a stale attempt that resolves after stop() or a
  // restart must not touch the state.
  #generation = 0;

  readonly #options: ConnectionControllerOptions;

  constructor(host: ReactiveControllerHost, options: ConnectionControllerOptions) {
    this.#options = options;
    host.addController(this);
  }

  /** The connection's current state. */
  get connectionState(): ConnectionState {
    return this.#state;
  }

  /** The live hub while connected, for invocations. */
  get connectedHub(): SessionHub | undefined {
    return this.#state === 'connected' ? this.#hub : undefined;
  }

  hostConnected(): void {
    this.#start();
  }

  hostDisconnected(): void {
    this.stop('idle');
  }

  /** Drops any connection and starts afresh (after a change of URL or token source). */
  restart(): void {
    this.stop('idle');
    this.#start();
  }

  /** Stops for good until the next restart (e.g. once the session has ended). */
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
    const hub = this.#options.createHub();
    if (!hub) return;
    this.#active = true;
    this.#failedAttempts = 0;
    this.#everConnected = false;
    this.#hub = hub;
    const generation = ++this.#generation;
    for (const method of SERVER_METHODS) {
      hub.on(method, (...args: unknown[]) => {
        if (generation === this.#generation) this.#options.onMessage(method, args);
      });
    }
    hub.onClose(() => {
      if (generation !== this.#generation || !this.#active) return;
      this.#scheduleRetry();
    });
    this.#options.eventTarget?.addEventListener('online', this.#handleOnline);
    void this.#attempt(generation);
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
        if (wasConnected) this.#options.onSessionGone();
        return;
      }
      this.#scheduleRetry();
      return;
    }
    if (generation !== this.#generation) return;
    this.#everConnected = true;
    this.#failedAttempts = 0;
    this.#setState('connected');
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
    this.#options.onStatus({ state, attempt: this.#failedAttempts, ...(retryInMs === undefined ? {} : { retryInMs }) });
  }
}
