import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DraftController, DraftControllerOptions } from './draft-controller.js';
import { importDrafting } from './import-drafting.js';

/**
 * The page's drafts, loaded on demand: the code that watches forms, encrypts and restores them (a chunk of its own)
 * is fetched only when the element names forms to draft (`autosave-forms` with a `user-id`), or when drafts must be
 * wiped (this session ended from elsewhere, or the user signed out), which needs the user's draft key to find them.
 * A page without `autosave-forms` that nobody signs out of never fetches it.
 */
export class Drafts implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: DraftControllerOptions;
  #controller: Promise<DraftController> | undefined;
  #loaded: DraftController | undefined;
  // The hub's draft key, kept until the controller is here to take it.
  #key: string | undefined;

  constructor(host: ReactiveControllerHost, options: DraftControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#wanted()) void this.#load();
  }

  // A framework may set autosave-forms or user-id just after inserting the element.
  hostUpdate(): void {
    if (!this.#controller && this.#wanted()) void this.#load();
  }

  /** Takes the hub's draft key (sent on every connect). */
  useKey(encoded: string): void {
    this.#key = encoded;
    void this.#loaded?.useKey(encoded);
  }

  /** Saves every drafted form now (waiting for the drafting code if it is still on its way); resolves to whether typed changes were kept. */
  async saveAll(): Promise<boolean> {
    const controller = await this.#drafting();
    return controller ? controller.saveAll() : false;
  }

  /** POSTs the forms marked `data-autosave-post` (none without drafting). */
  async postAll(): Promise<void> {
    await (await this.#drafting())?.postAll();
  }

  // The controller, when this page drafts forms; a failed load drafts nothing and says so.
  async #drafting(): Promise<DraftController | undefined> {
    if (!this.#controller && !this.#wanted()) return undefined;
    try {
      return await this.#load();
    } catch (error) {
      console.warn('[session-awareness] the drafting code could not be loaded: nothing typed was saved as a draft.', error);
      return undefined;
    }
  }

  /**
   * Deletes the user's drafts on this browser (all drafts when no key came: nothing of theirs may stay) and stops
   * drafting. A failed load wipes nothing and says so.
   */
  async clearAll(): Promise<void> {
    try {
      await (await this.#load()).clearAll();
    } catch (error) {
      console.warn('[session-awareness] the drafts could not be cleared: their code could not be loaded.', error);
    }
  }

  #wanted(): boolean {
    return Boolean(this.#options.autosaveForms() && this.#options.userId());
  }

  #load(): Promise<DraftController> {
    this.#controller ??= importDrafting().then(({ DraftController }) => {
      const controller = new DraftController(this.#host, this.#options);
      this.#loaded = controller;
      if (this.#key) void controller.useKey(this.#key);
      return controller;
    });
    return this.#controller;
  }
}
