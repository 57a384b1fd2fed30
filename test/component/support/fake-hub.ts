import type { ServerMethod } from '../../../src/hub/contract.js';
import { SessionUnauthorizedError, type HubFactory, type SessionHub, type SessionHubOptions } from '../../../src/hub/session-hub.js';

/** How the next start() of a FakeHub ends. */
export type StartOutcome = 'ok' | 'fail' | 'unauthorized';

/** A hub behind the production SessionHub interface, driven by the test. */
export class FakeHub implements SessionHub {
  /** Options the element built the hub with. */
  options: SessionHubOptions | undefined;
  /** Outcomes for the coming start() calls; 'ok' once empty. */
  readonly startOutcomes: StartOutcome[] = [];
  /** Count of start() and stop() calls. */
  starts = 0;
  stops = 0;
  /** Whether the connection is open. */
  connected = false;
  /** Session ids passed to killSession(). */
  readonly killCalls: string[] = [];
  /** What killSession() does; resolves by default. */
  killBehaviour: (sessionId: string) => Promise<void> = () => Promise.resolve();

  private readonly handlers = new Map<string, Array<(...args: unknown[]) => void>>();
  private readonly closeCallbacks: Array<(error?: Error) => void> = [];

  /** A factory that hands out this hub and records its options. */
  readonly factory: HubFactory = (options) => {
    this.options = options;
    return this;
  };

  async start(): Promise<void> {
    this.starts++;
    const outcome = this.startOutcomes.shift() ?? 'ok';
    if (outcome === 'fail') throw new Error('connection refused');
    if (outcome === 'unauthorized') throw new SessionUnauthorizedError();
    this.connected = true;
  }

  async stop(): Promise<void> {
    this.stops++;
    this.connected = false;
  }

  on(method: ServerMethod, handler: (...args: unknown[]) => void): void {
    const list = this.handlers.get(method.toLowerCase()) ?? [];
    list.push(handler);
    this.handlers.set(method.toLowerCase(), list);
  }

  onClose(callback: (error?: Error) => void): void {
    this.closeCallbacks.push(callback);
  }

  /** Count of endOtherSessions() calls. */
  endOthersCalls = 0;
  /** What endOtherSessions() does; resolves to 0 by default. */
  endOthersBehaviour: () => Promise<number> = () => Promise.resolve(0);

  endOtherSessions(): Promise<number> {
    this.endOthersCalls++;
    return this.endOthersBehaviour();
  }

  /** Count of listSessions() calls. */
  listCalls = 0;
  /** What listSessions() does (e.g. emit `sessionsList`); resolves by default. */
  listBehaviour: () => Promise<void> = () => Promise.resolve();

  listSessions(): Promise<void> {
    this.listCalls++;
    return this.listBehaviour();
  }

  killSession(sessionId: string): Promise<void> {
    this.killCalls.push(sessionId);
    return this.killBehaviour(sessionId);
  }

  /** Delivers a server → client call, as SignalR would (method names case-insensitive). */
  emit(method: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(method.toLowerCase()) ?? []) handler(...args);
  }

  /** Drops an open connection, as a network failure would. */
  drop(error = new Error('connection lost')): void {
    this.connected = false;
    for (const callback of this.closeCallbacks) callback(error);
  }
}
