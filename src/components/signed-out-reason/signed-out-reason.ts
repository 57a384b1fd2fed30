import { LitElement, html, type PropertyDeclarations, type TemplateResult } from 'lit';
import {
  SIGN_OUT_URL_PARAM,
  signOutCodeFromUrl,
  takeSignOut,
  type SignOutCode,
  type SignOutStorage,
} from '../../internal/sign-out-record.js';
import { describeSignOut, resolveSignedOutStrings, type SignedOutStrings } from '../../i18n/signed-out-reason.js';
import { elementLanguage, languageWait } from '../../internal/element-language.js';
import { sessionStorageOrUndefined } from '../../internal/storage.js';
import { styles } from './signed-out-reason.styles.js';
import { tables } from './strings.js';
import type { PageGlobals } from '../../internal/page-globals.js';

/** What the element decided to say, fixed on its first connection. */
interface Reason {
  code: SignOutCode;
  endedBy?: string;
  draftsKept: boolean;
}

/**
 * `<session-signed-out-reason>`: put it on the sign-in page to say why the user was
 * signed out. On its first connection it takes (and removes) the record the widget left
 * in sessionStorage and reads the `signedOutReason` query parameter the server appends;
 * it shows the record's full message, else the parameter's, else its own light DOM
 * (the page's server-rendered fallback) unchanged. All text is rendered as text.
 *
 * @slot - fallback content, shown only when the element has nothing to say itself
 * @csspart message - the `role="status"` box of the sentences, one `<p>` each
 * @cssprop --session-signed-out-reason-fg - text colour of the message
 * @cssprop --session-signed-out-reason-bg - background of the message
 * @cssprop --session-signed-out-reason-border - border of the message
 */
export class SessionSignedOutReason extends LitElement {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    idleMinutes: { type: Number, attribute: 'idle-minutes' },
    param: { attribute: 'param' },
    strings: { attribute: false },
    reason: { state: true },
    // Observes the native `lang` attribute (the `lang` property stays native): a change re-renders in that language.
    langAttribute: { attribute: 'lang' },
  };

  /** The session's idle timeout in minutes, for the expiry sentence (attribute `idle-minutes`). */
  declare idleMinutes: number | undefined;
  /** Name of the query parameter with the code (attribute `param`); read on first connection. */
  declare param: string;
  /** Overrides of the sentences; missing keys fall back to the table of the element's language. */
  declare strings: Partial<SignedOutStrings> | undefined;
  /** Where the record is read from; `undefined` means sessionStorage (if allowed), `null` none. Read on first connection. */
  storage: SignOutStorage | null | undefined;
  /** The current time in milliseconds since the epoch, to reject stale records; defaults to `Date.now`. */
  now: () => number;
  /** The query string to read the code from; `undefined` means `location.search`. Read on first connection. */
  search: string | undefined;
  /** @internal */
  declare private reason: Reason | undefined;
  /** @internal Mirrors the `lang` attribute only so that changing it re-renders; the language is read at update. */
  declare private langAttribute: string | null;
  #resolved = false;

  // The properties not set here start undefined, which is what each means by default (see its doc).
  constructor() {
    super();
    this.param = SIGN_OUT_URL_PARAM;
    this.now = Date.now; // not bound to Date: it needs no `this`
  }

  /** The reason shown, or undefined while the slotted fallback shows (or before connection). */
  get code(): SignOutCode | undefined {
    return this.reason?.code;
  }

  /** Takes the stored record and reads the URL, once: moving the element keeps its message. */
  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#resolved) return;
    this.#resolved = true;
    this.reason = this.#decide();
  }

  #decide(): Reason | undefined {
    const storage = this.storage === undefined ? sessionStorageOrUndefined() : this.storage;
    let now = Number.NaN;
    try {
      now = this.now();
    } catch {
      // a broken clock: stored records cannot be dated, so none is trusted
    }
    const record = takeSignOut(storage, now);
    const search = typeof this.search === 'string' ? this.search : ((globalThis as PageGlobals).location?.search ?? ''); // no location when server-rendered
    const param = typeof this.param === 'string' && this.param ? this.param : SIGN_OUT_URL_PARAM;
    const urlCode = signOutCodeFromUrl(search, param);
    if (record && (urlCode === undefined || urlCode === record.code)) {
      return record; // already a checked, clean copy
    }
    return urlCode ? { code: urlCode, draftsKept: false } : undefined;
  }

  // An update that would render a language whose sentences are on their way waits for them (at most 2 s).
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    return languageWait(this, tables)?.then(() => super.scheduleUpdate()) ?? super.scheduleUpdate();
  }

  protected override render(): TemplateResult {
    const { locale, table } = elementLanguage(this, tables);
    const strings = resolveSignedOutStrings(this.strings, table);
    const sentences = this.reason
      ? describeSignOut(this.reason.code, { ...this.reason, idleMinutes: this.idleMinutes }, strings, locale)
      : [];
    // Own message: no slot, so the page's fallback text is neither shown nor read out twice.
    if (sentences.length === 0) return html`<slot></slot>`;
    // The language the sentences are in (English for an unknown one), so that a screen reader picks its voice.
    return html`<div role="status" part="message" lang=${locale}>${sentences.map((sentence) => html`<p>${sentence}</p>`)}</div>`;
  }
}
