import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from '../../../internal/clock.js';
import type { Fetcher } from '../../../internal/session-http.js';
import { importDraftKey, isSealed, openDraft, sealDraft, type DraftKey } from './draft-crypto.js';
import { IndexedDbDraftStore, type DraftStore } from './draft-store.js';
import { captureFields, DRAFT_MAX_AGE_MS, formKey, isDraftable, restoreFields, formHasChanges } from './form-fields.js';

/** What the draft controller reads from its element (getters: read when needed) and tells it. */
export interface DraftControllerOptions {
  /** CSS selector of the forms to draft; none: drafts are off. */
  autosaveForms: () => string | null;
  /** Key of the signed-in user; drafts are off without one, so no user sees another's. */
  userId: () => string | null;
  /** Sign-out URL: submitting a form to it clears the user's drafts. */
  logoutUrl: () => string | null;
  /** Time source. */
  clock: () => Clock;
  /** HTTP, for the autosave POST. */
  fetcher: () => Fetcher;
  /** Where drafts are kept; undefined: IndexedDB. */
  store: () => DraftStore | undefined;
  /** Called after drafts were put back into a form. */
  draftsRestored: () => void;
  /** Called when the user signs out through a form of the page. */
  signedOutByForm: () => void;
}

/**
 * Keeps the fields of the `autosave-forms` as local drafts while the user types, restores
 * them on the next visit, clears them when the form is submitted or the user signs out,
 * and can POST the forms marked `data-autosave-post` (with `X-Autosave: 1`) while the session still lives.
 *
 * Drafts at rest are AES-GCM encrypted under the user's draft key, which the hub sends to the user's live
 * sessions (`draftKey`) and which lives only in memory: without it (before the hub sent it, an older server, no
 * Web Crypto outside a secure context) nothing is saved and nothing restored. Records are tagged with the key's
 * id, so another user's drafts on this browser are never decrypted or shown.
 */
export class DraftController implements ReactiveController {
  #active = false;
  #key: DraftKey | undefined;
  #keyText: string | undefined;
  // Saves under way: a wipe waits for them, so that none lands after it.
  readonly #saving = new Set<Promise<unknown>>();

  readonly #options: DraftControllerOptions;
  #indexedDb: DraftStore | undefined;

  constructor(host: ReactiveControllerHost, options: DraftControllerOptions) {
    this.#options = options;
    host.addController(this);
  }

  // The page's store, else IndexedDB (its code is part of this chunk: a page that drafts nothing never loads it).
  get #store(): DraftStore {
    return this.#options.store() ?? (this.#indexedDb ??= new IndexedDbDraftStore());
  }

  hostConnected(): void {
    if (!this.#options.autosaveForms() || !this.#options.userId()) return;
    this.#active = true;
    document.addEventListener('input', this.#handleInput, true);
    document.addEventListener('change', this.#handleInput, true);
    document.addEventListener('submit', this.#handleSubmit, true);
    if (this.#key) void this.#restore();
  }

  /** Takes the hub's draft key (sent on every connect); a new one restores the drafts it sealed. */
  async useKey(encoded: string): Promise<void> {
    if (encoded === this.#keyText) return;
    this.#keyText = encoded;
    try {
      this.#key = await importDraftKey(encoded);
    } catch {
      return; // no Web Crypto (not a secure context): drafts stay off
    }
    if (this.#active) await this.#restore();
  }

  hostDisconnected(): void {
    this.#active = false;
    document.removeEventListener('input', this.#handleInput, true);
    document.removeEventListener('change', this.#handleInput, true);
    document.removeEventListener('submit', this.#handleSubmit, true);
  }

  // Records are per key, per user, per page, per form; the user part is encoded so one user's key can never be a
  // prefix of another's. The key id comes first: all of one key's drafts go with one prefix.
  #keyOf(form: HTMLFormElement, key: DraftKey): string {
    const index = this.#forms().indexOf(form);
    return `${key.id}|${encodeURIComponent(this.#options.userId() ?? '')}|${location.pathname}|${formKey(form, index)}`;
  }

  #forms(): HTMLFormElement[] {
    try {
      return [...document.querySelectorAll(this.#options.autosaveForms() ?? '')].filter(
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
    const logoutUrl = this.#options.logoutUrl();
    if (logoutUrl && form.action === new URL(logoutUrl, location.href).href) {
      this.#options.signedOutByForm();
    } else if (this.#key && this.#forms().includes(form)) {
      void this.#ignoreErrors(this.#store.deletePrefix(this.#keyOf(form, this.#key)));
    }
  };

  // True when the draft was written and holds something the user changed. Without a key nothing is written.
  async #save(form: HTMLFormElement): Promise<boolean> {
    const key = this.#key;
    if (!this.#active || !key) return false;
    const changed = formHasChanges(form);
    const storageKey = this.#keyOf(form, key);
    const work = sealDraft(key, storageKey, { savedAt: this.#options.clock().now(), fields: captureFields(form) }).then(async (sealed) => {
      // Checked again after encrypting: a wipe may have begun meanwhile.
      if (!this.#active) return false;
      await this.#store.put(storageKey, sealed);
      return changed;
    });
    this.#saving.add(work);
    try {
      return await work;
    } catch {
      return false; // a draft that cannot be written must never break the page
    } finally {
      this.#saving.delete(work);
    }
  }

  /** Captures every drafted form now; resolves to whether any kept changes the user made. */
  async saveAll(): Promise<boolean> {
    const kept = await Promise.all(this.#forms().map((form) => this.#save(form)));
    return kept.some(Boolean);
  }

  /**
   * POSTs every drafted form marked `data-autosave-post` to its action with `X-Autosave: 1`, while the session
   * lives; the others are only saved locally (an action that is not ready for a half-written form must not get one).
   */
  async postAll(): Promise<void> {
    if (!this.#active) return;
    await Promise.all(
      this.#forms()
        .filter((form) => form.hasAttribute('data-autosave-post'))
        .map((form) => {
          // Hidden fields go along (antiforgery tokens are valid in this live session);
          // secrets, files and data-no-draft fields never do.
          const body = new FormData(form);
          for (const element of form.elements) {
            const name = element.getAttribute('name');
            const hidden = element instanceof HTMLInputElement && element.type === 'hidden';
            if (name && !hidden && !isDraftable(element)) body.delete(name);
          }
          return this.#ignoreErrors(
            this.#options.fetcher()(form.action, { method: 'POST', body, credentials: 'same-origin', headers: { 'X-Autosave': '1' } }),
          );
        }),
    );
  }

  /**
   * Stops capturing and deletes the user's drafts on this device (sign-out, a session ended or revoked): every
   * record of the user's key, after the saves under way. With no key known yet, every draft of this origin's
   * store goes: which are the user's cannot be told, and leaving the user's behind is the worse mistake.
   */
  async clearAll(): Promise<void> {
    this.hostDisconnected();
    await Promise.allSettled(this.#saving);
    await this.#ignoreErrors(this.#store.deletePrefix(this.#key ? `${this.#key.id}|` : ''));
  }

  async #restore(): Promise<void> {
    const key = this.#key;
    if (!key) return;
    const store = this.#store;
    let restored = false;
    try {
      const now = this.#options.clock().now();
      // Old drafts of any key go, and so does anything that is not a sealed draft (e.g. a plaintext one of an
      // older version): nothing readable stays at rest.
      for (const [storageKey, value] of await store.entries()) {
        if (!(isSealed(value) && now - value.savedAt <= DRAFT_MAX_AGE_MS)) await store.deletePrefix(storageKey);
      }
      for (const form of this.#forms()) {
        const storageKey = this.#keyOf(form, key);
        const draft = await openDraft(key, storageKey, await store.get(storageKey));
        if (draft && restoreFields(form, draft.fields)) restored = true;
      }
    } catch {
      // IndexedDB unavailable (private mode, blocked): drafts are simply off
    }
    if (restored) this.#options.draftsRestored();
  }

  async #ignoreErrors(work: Promise<unknown>): Promise<void> {
    try {
      await work;
    } catch {
      // a draft that cannot be written must never break the page
    }
  }
}
