import { LitElement, type PropertyDeclarations } from 'lit';
import { ConnectionController, type ConnectionState, type ConnectionStatus } from '../hub/connection-controller.js';
import type { ServerMethod, SnapshotSession } from '../hub/contract.js';
import { JitteredBackoff } from '../hub/retry-policy.js';
import type { HubFactory } from '../hub/session-hub.js';
import { createSignalRHub } from '../hub/signalr-hub.js';
import { systemClock, type Clock } from './clock.js';
import type { PageLocation } from './navigation.js';
import type { Fetcher } from './session-http.js';
import { TabChannel, tabChannelName, type TabMessage } from './tab-channel.js';
import type { PageGlobals } from './page-globals.js';

/** What a hub element tells its base class: how it hears the hub and the other tabs. */
export interface HubElementOptions {
  /** A message from the hub (already checked against the contract by the router the element uses). */
  onMessage: (method: ServerMethod, args: unknown[]) => void;
  /** The shared connection's state changed. */
  onStatus: (status: ConnectionStatus) => void;
  /** The hub refused this session (401): it is gone. */
  onSessionGone: () => void;
  /** The user's sessions, listed for `<session-list>`; given only by elements that show them. */
  onSessions?: (sessions: readonly SnapshotSession[], unlisted: number) => void;
  /** A message from the widgets of the other tabs; none: the element does not listen. */
  onTabMessage?: (message: TabMessage) => void;
  /** Whether the element may (still) connect: false once its session is over. */
  mayConnect: () => boolean;
}

/**
 * What `<session-awareness>` and `<session-list>` share: the hub attributes and injectables, one hold on the
 * page's shared hub connection (restarted when `hub-url` or a factory changes), the channel to the other tabs,
 * and the sign-out request.
 */
export abstract class HubElement extends LitElement {
  // Lit's default converter is String, so only Number and Boolean attributes name a type.
  static override properties: PropertyDeclarations = {
    hubUrl: { attribute: 'hub-url' },
    logoutUrl: { attribute: 'logout-url' },
    keepaliveUrl: { attribute: 'keepalive-url' },
    accessTokenFactory: { attribute: false },
    hubFactory: { attribute: false },
    strings: { attribute: false },
    connectionState: { state: true },
    // Observes the native `lang` attribute (the `lang` property stays native): a change re-renders in that language.
    langAttribute: { attribute: 'lang' },
  };

  /** URL of the SignalR session hub (required), e.g. `/hubs/session`; elements with the same URL share one connection. */
  declare hubUrl: string | null;
  /** URL of sign-out (POST); enables the Sign out buttons. */
  declare logoutUrl: string | null;
  /** URL that slides the session (POST). */
  declare keepaliveUrl: string | null;
  /** Supplies a bearer token for the hub; without it, cookies are used. */
  declare accessTokenFactory: (() => string | Promise<string>) | undefined;
  /** Builds the hub connection; inject a fake in tests. Defaults to SignalR. */
  declare hubFactory: HubFactory;
  /** Time source and timers; inject a manual clock in tests. */
  declare clock: Clock;
  /** HTTP for keep-alive, status, autosave and sign-out; defaults to `fetch`. */
  declare fetcher: Fetcher;
  /** Where reloads and redirects go; defaults to `window.location`. */
  declare pageLocation: PageLocation;

  /** @internal The hub connection's state, rendered by the element. */
  declare protected connectionState: ConnectionState;
  /** @internal Mirrors the `lang` attribute only so that changing it re-renders; the language is read at update. */
  declare private langAttribute: string | null;

  /** @internal This element's hold on the page's shared hub connection. */
  protected readonly connection: ConnectionController;
  readonly #onTabMessage: ((message: TabMessage) => void) | undefined;
  #tabChannel: TabChannel | undefined;

  constructor(options: HubElementOptions) {
    super();
    this.hubUrl = null;
    this.logoutUrl = null;
    this.keepaliveUrl = null;
    this.accessTokenFactory = undefined;
    this.hubFactory = createSignalRHub;
    this.clock = systemClock;
    this.fetcher = (input, init) => fetch(input, init);
    // globalThis, not window: constructing the element during server rendering must not throw.
    this.pageLocation = globalThis.location;
    this.connectionState = 'idle';
    this.#onTabMessage = options.onTabMessage;
    this.connection = new ConnectionController(this, {
      config: () =>
        this.hubUrl ? { hubUrl: this.hubUrl, hubFactory: this.hubFactory, accessTokenFactory: this.accessTokenFactory } : undefined,
      frozen: () => !options.mayConnect(),
      // Late-bound so a clock injected after construction is the one used.
      clock: () => this.clock,
      policy: new JitteredBackoff(),
      eventTarget: (globalThis as PageGlobals).window ?? null,
      onMessage: (method, args) => options.onMessage(method, args),
      onStatus: (status) => {
        this.connectionState = status.state;
        options.onStatus(status);
      },
      onSessionGone: () => options.onSessionGone(),
      ...(options.onSessions && { onSessions: options.onSessions }),
    });
  }

  override connectedCallback(): void {
    // Before the controllers start: they talk to other tabs from their first moment.
    const onTabMessage = this.#onTabMessage;
    if (onTabMessage) this.#tabChannel = new TabChannel(tabChannelName(this.hubUrl), onTabMessage);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#tabChannel?.close();
    this.#tabChannel = undefined;
  }

  /** @internal Tells the widgets of the other tabs (and the other elements of this one) of the same hub. */
  protected postToTabs(message: TabMessage): void {
    if (this.#tabChannel) {
      this.#tabChannel.post(message);
      return;
    }
    // An element that does not listen posts through a channel of its own, just for this.
    const channel = new TabChannel(tabChannelName(this.hubUrl), () => undefined);
    channel.post(message);
    channel.close();
  }

  /**
   * @internal Signs out: tells every tab (the user chose to leave: their drafts go), stops the hub connection and
   * posts to `logout-url`. The element then leaves the page its own way.
   */
  protected async signOutRequest(logoutUrl: string): Promise<void> {
    this.postToTabs({ type: 'signed-out' });
    this.connection.stop();
    try {
      await this.fetcher(logoutUrl, { method: 'POST', credentials: 'same-origin' });
    } catch {
      // the reload that follows lands on the sign-in page or shows the network error
    }
  }
}
