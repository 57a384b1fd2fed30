import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock, TimerHandle } from './clock.js';

/**
 * Re-renders the host once a minute while `isNeeded()` holds, so relative times ("5
 * minutes ago") stay true. One timer at most, none while nothing needs it.
 */
export class MinuteTicker implements ReactiveController {
  #timer: TimerHandle | undefined;
  #connected = false;

  readonly #host: ReactiveControllerHost;
  readonly #clock: () => Clock;
  readonly #isNeeded: () => boolean;

  constructor(host: ReactiveControllerHost, clock: () => Clock, isNeeded: () => boolean) {
    this.#host = host;
    this.#clock = clock;
    this.#isNeeded = isNeeded;
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostUpdated(): void {
    if (this.#connected && this.#isNeeded()) {
      if (this.#timer === undefined) this.#arm();
    } else {
      this.#disarm();
    }
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#disarm();
  }

  #arm(): void {
    this.#timer = this.#clock().setTimeout(() => {
      this.#timer = undefined;
      this.#host.requestUpdate();
    }, 60_000);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock().clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
