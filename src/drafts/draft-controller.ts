import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from '../clock.js';
import type { Fetcher } from '../expiry/session-http.js';
import type { DraftStore } from './draft-store.js';
import { captureFields, DRAFT_MAX_AGE_MS, formKey, isDraftable, restoreFields, formHasChanges } from './form-fields.js';

/** What the draft controller reads from its host. */
export interface DraftHost extends ReactiveControllerHost {
  /** CSS selector of the forms to draft; none: drafts are off. */
  readonly autosaveForms: string | null;
  /** Key of the signed-in user; drafts are off without one, so no user sees another's. */
  readonly userId: string | null;
  /** Sign-out URL: submitting a form to it clears the user's drafts. */
  readonly logoutUrl: string | null;
  /** Time source. */
  readonly clock: Clock;
  /** HTTP, for the autosave POST. */
  readonly fetcher: Fetcher;
  /** Called after drafts were put back into a form. */
  draftsRestored(): void;
  /** Called when the user signs out through a form of the page. */
  signedOutByForm(): void;
}

/**
 * Keeps the fields of the `autosave-forms` as local drafts while the user types, restores
 * them on the next visit, clears them when the form is submitted or the user signs out,
 * and can POST them (with `X-Autosave: 1`) while the session still lives.
 */
export class DraftController implements ReactiveController {
  #active = false;

  readonly #host: DraftHost;
  readonly #store: () => DraftStore;

  constructor(host: DraftHost, store: () => DraftStore) {
    this.#host = host;
    this.#store = store;
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.#host.autosaveForms || !this.#host.userId) return;
    this.#active = true;
    document.addEventListener('input', this.#handleInput, true);
    document.addEventListener('change', this.#handleInput, true);
    document.addEventListener('submit', this.#handleSubmit, true);
    void this.#restore();
  }

  hostDisconnected(): void {
    this.#active = false;
    document.removeEventListener('input', this.#handleInput, true);
    document.removeEventListener('change', this.#handleInput, true);
    document.removeEventListener('submit', this.#handleSubmit, true);
  }

  // Keys are per user, per page, per form; the user part is encoded so one user's key can
  // never be a prefix of another's.
  #userPrefix(): string {
    return `${encodeURIComponent(this.#host.userId ?? '')}|`;
  }

  #keyOf(form: HTMLFormElement): string {
    const index = this.#forms().indexOf(form);
    return `${this.#userPrefix()}${location.pathname}|${formKey(form, index)}`;
  }

  #forms(): HTMLFormElement[] {
    try {
      return [...document.querySelectorAll(this.#host.autosaveForms ?? '')].filter(
        (node): node is HTMLFormElement => node instanceof HTMLFormElement,
      );
    } catch {
      return []; // an invalid selector must not break the page
    }
  }

  #formOf(target: EventTarget | null): HTMLFormElement | undefined {
    const form = target instanceof Element && isDraftable(target) ? target.form : null;
    return form && this.#forms().includes(form) ? form : undefined;
  }

  readonly #handleInput = (event: Event): void => {
    const form = this.#formOf(event.target);
    if (form) void this.#save(form);
  };

  readonly #handleSubmit = (event: Event): void => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (this.#host.logoutUrl && form.action === new URL(this.#host.logoutUrl, location.href).href) {
      this.#host.signedOutByForm();
    } else if (this.#forms().includes(form)) {
      void this.#ignoreErrors(this.#store().deletePrefix(this.#keyOf(form)));
    }
  };

  // True when the draft was written and holds something the user changed.
  async #save(form: HTMLFormElement): Promise<boolean> {
    if (!this.#active) return false;
    const changed = formHasChanges(form);
    try {
      await this.#store().put(this.#keyOf(form), { savedAt: this.#host.clock.now(), fields: captureFields(form) });
      return changed;
    } catch {
      return false; // a draft that cannot be written must never break the page
    }
  }

  /** Captures every drafted form now; resolves to whether any kept changes the user made. */
  async saveAll(): Promise<boolean> {
    const kept = await Promise.all(this.#forms().map((form) => this.#save(form)));
    return kept.some(Boolean);
  }

  /** POSTs every drafted form to its action with `X-Autosave: 1`, while the session lives. */
  async postAll(): Promise<void> {
    if (!this.#active) return;
    await Promise.all(
      this.#forms().map((form) => {
        // Hidden fields go along (antiforgery tokens are valid in this live session);
        // secrets, files and data-no-draft fields never do.
        const body = new FormData(form);
        for (const element of form.elements) {
          const name = element.getAttribute('name');
          const hidden = element instanceof HTMLInputElement && element.type === 'hidden';
          if (name && !hidden && !isDraftable(element)) body.delete(name);
        }
        return this.#ignoreErrors(
          this.#host.fetcher(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { 'X-Autosave': '1' } }),
        );
      }),
    );
  }

  /** Deletes all drafts of the user (explicit sign-out) and stops capturing. */
  async clearAll(): Promise<void> {
    this.hostDisconnected();
    if (this.#host.userId) await this.#ignoreErrors(this.#store().deletePrefix(this.#userPrefix()));
  }

  async #restore(): Promise<void> {
    const store = this.#store();
    let restored = false;
    try {
      const now = this.#host.clock.now();
      for (const [key, draft] of await store.entries()) {
        if (!(now - draft.savedAt <= DRAFT_MAX_AGE_MS)) await store.deletePrefix(key);
      }
      for (const form of this.#forms()) {
        const draft = await store.get(this.#keyOf(form));
        if (draft && typeof draft.fields === 'object' && restoreFields(form, draft.fields)) restored = true;
      }
    } catch {
      // IndexedDB unavailable (private mode, blocked): drafts are simply off
    }
    if (restored) this.#host.draftsRestored();
  }

  async #ignoreErrors(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch {
      // a draft that cannot be written must never break the page
    }
  }
}
