import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { TimerHandle } from '../../../internal/clock.js';
import type { TabMessage } from '../../../internal/tab-channel.js';
import type { ExpiryController, ExpiryControllerOptions, WarningRender } from './expiry-controller.js';
import { importExpiry } from './import-expiry.js';
import { toLocalDeadline } from './local-deadline.js';

/** How long the element waits before it asks again for expiry code that could not be loaded. */
export const EXPIRY_RETRY_MS = 60_000;

/** How {@link Expiry} gets the expiry code: the lazy import, or a test's. */
export type ExpiryImporter = () => Promise<Pick<typeof import('./expiry-controller.js'), 'ExpiryController'>>;

/**
 * The session's deadline, keep-alive and warning, loaded on demand: the code that does them (a chunk of its own) is
 * fetched when the element has a `keepalive-url` or a `status-url`, as soon as it connects; a page without either
 * (notices only) never fetches it. Until the code is here, a deadline the hub pushes (or another tab tells) is kept
 * here, and handed over when it comes. A failed load is said once on the console and tried again every minute:
 * without this code nothing slides the session on activity, so giving up could sign an active user out.
 */
export class Expiry implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ExpiryControllerOptions;
  readonly #importer: ExpiryImporter;
  #controller: ExpiryController | undefined;
  #loading = false;
  #over = false;
  #retry: TimerHandle | undefined;
  #warned = false;
  // The deadline on this page's clock, before the code is here (and on a page without either URL).
  #deadline: number | undefined;

  constructor(host: ReactiveControllerHost, options: ExpiryControllerOptions, importer: ExpiryImporter = importExpiry) {
    this.#host = host;
    this.#options = options;
    this.#importer = importer;
    host.addController(this);
  }

  hostConnected(): void {
    this.#loadIfWanted();
  }

  hostDisconnected(): void {
    this.#clearRetry();
  }

  // A framework may set keepalive-url or status-url just after inserting the element.
  hostUpdate(): void {
    this.#loadIfWanted();
  }

  /** The session's deadline on this page's clock, if known. */
  get deadline(): number | undefined {
    return this.#controller ? this.#controller.deadline : this.#deadline;
  }

  /** Whether this tab sends the keep-alive requests for all tabs of the session. */
  get isLeader(): boolean {
    return this.#controller?.isLeader ?? false;
  }

  /** A deadline from the hub (`sessionExpiry`), in server time. */
  applyServerDeadline(expiresAt: number, serverNow: number): void {
    if (this.#controller) this.#controller.applyServerDeadline(expiresAt, serverNow, false);
    else if (!this.#over) this.#deadline = Math.round(toLocalDeadline(expiresAt, serverNow, this.#options.clock().now()));
  }

  /** A message from another tab; before the code is here, only a deadline matters. */
  handleTabMessage(message: TabMessage): void {
    if (this.#controller) this.#controller.handleTabMessage(message);
    else if ((message.type === 'deadline' || message.type === 'extended') && !this.#over) this.#deadline = message.deadline;
  }

  /** Stay signed in was cancelled by the page: the warning closes. */
  dismissWarning(): void {
    if (this.#controller) this.#controller.warningShown = false;
    this.#host.requestUpdate();
  }

  /** Stay signed in: slide the session now. Resolves true when it worked. */
  async extend(): Promise<boolean> {
    return (await this.#controller?.extend()) ?? false;
  }

  /** Stops for good: the session is over. */
  stop(): void {
    this.#over = true;
    this.#clearRetry();
    this.#controller?.stop();
  }

  /** The warning, once the code is here. */
  render(view: WarningRender): TemplateResult | typeof nothing {
    return this.#controller?.render(view) ?? nothing;
  }

  #loadIfWanted(): void {
    if (this.#controller || this.#loading || this.#over || this.#retry !== undefined) return;
    if (!this.#options.keepaliveUrl() && !this.#options.statusUrl()) return;
    this.#loading = true;
    this.#importer().then(
      ({ ExpiryController }) => {
        this.#loading = false;
        if (this.#over) return;
        // Joins the host's controllers (started at once when the host is connected), then takes the deadline known so far.
        const controller = new ExpiryController(this.#host as ReactiveControllerHost & EventTarget, this.#options);
        this.#controller = controller;
        if (this.#deadline !== undefined) controller.handleTabMessage({ type: 'deadline', deadline: this.#deadline });
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        this.#loading = false;
        if (!this.#warned)
          console.warn(
            '[session-awareness] the expiry code could not be loaded: no keep-alive and no expiry warning until it is; trying again every minute.',
            error,
          );
        this.#warned = true;
        this.#retry = this.#options.clock().setTimeout(() => {
          this.#retry = undefined;
          this.#loadIfWanted();
        }, EXPIRY_RETRY_MS);
      },
    );
  }

  #clearRetry(): void {
    if (this.#retry !== undefined) this.#options.clock().clearTimeout(this.#retry);
    this.#retry = undefined;
  }
}
