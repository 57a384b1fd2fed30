import { html, nothing, type TemplateResult } from 'lit';
import type { SessionAwarenessStrings } from '../../../i18n/session-awareness.js';
import type { NoticeGroup } from './grouping.js';
import { importSanitizer } from './import-sanitizer.js';
import { formatRelativeTime } from '../../../internal/relative-time.js';
import { DETAIL_DISPLAY_LIMIT, MESSAGE_DISPLAY_LIMIT, truncateForDisplay } from '../../../internal/text.js';

type Sanitizer = typeof import('./sanitize.js');
let loadedSanitizer: Sanitizer | undefined;
let loadingSanitizer: Promise<Sanitizer> | undefined;

/** Loads the `allow-html` sanitizer (and DOMPurify with it) once, on first use. */
export function loadSanitizer(): Promise<Sanitizer> {
  loadingSanitizer ??= importSanitizer().then(
    (module) => (loadedSanitizer = module),
    (error: unknown) => {
      loadingSanitizer = undefined; // a failed chunk load may be retried by the next message
      throw error;
    },
  );
  return loadingSanitizer;
}

/** What one notice's template needs besides the notice. */
export interface NoticeViewContext {
  labels: SessionAwarenessStrings;
  /** The page clock's now, for the relative time. */
  now: number;
  /** Language of the relative time. */
  lang: string;
  /** Renders the server's message (text, or the sanitized subset). */
  message: (text: string) => string | DocumentFragment;
  onEnd: (sessionId: string) => void;
  onDismiss: (sessionId: string) => void;
}

/**
 * Renders server messages: as text, or with `allow-html` as the sanitized subset (sanitize.ts),
 * cached per text so a re-render does not sanitize again. Never throws: a message that cannot
 * be sanitized is shown as its text, and that failure is not cached.
 */
export class MessageRenderer {
  readonly #cache = new Map<string, DocumentFragment>();
  readonly #onSanitizerLoaded: () => void;

  /** `onSanitizerLoaded` re-renders: messages rendered before the sanitizer arrived are rendered again. */
  constructor(onSanitizerLoaded: () => void = () => undefined) {
    this.#onSanitizerLoaded = onSanitizerLoaded;
  }

  /**
   * The message, capped, as text or as a fresh copy of its sanitized fragment. With `allow-html` and the
   * sanitizer (DOMPurify) not loaded yet, it starts loading it and gives an empty message meanwhile: neither
   * the markup as text nor anything unsanitized is ever shown. A page that never sets `allow-html` never
   * downloads DOMPurify (the npm build keeps it in a chunk of its own).
   */
  render(message: string, allowHtml: boolean): string | DocumentFragment {
    const text = truncateForDisplay(message, MESSAGE_DISPLAY_LIMIT);
    if (!allowHtml) return text;
    if (!loadedSanitizer) {
      void loadSanitizer().then(this.#onSanitizerLoaded, () => undefined);
      return '';
    }
    let fragment = this.#cache.get(text);
    if (!fragment) {
      fragment = loadedSanitizer.sanitizeHtml(text);
      if (!fragment) return text;
      if (this.#cache.size > 100) this.#cache.clear();
      this.#cache.set(text, fragment);
    }
    // A fresh copy each time: a fragment empties itself when inserted.
    return fragment.cloneNode(true) as DocumentFragment;
  }
}

/**
 * One "signed in elsewhere" notice (for a group of sessions on one browser and device: "signed in N times"):
 * message, details, time, End session and Dismiss, which act on every session of the group.
 */
export function renderNotice(group: NoticeGroup, index: number, view: NoticeViewContext): TemplateResult {
  const { labels } = view;
  const { notice, status } = group;
  const count = group.sessionIds.length;
  const { browser, device, location, createdAt } = notice.details;
  const facts = [browser, device, location]
    .filter((fact): fact is string => fact !== undefined)
    .map((fact) => truncateForDisplay(fact, DETAIL_DISPLAY_LIMIT));
  const startedAt = createdAt ?? notice.receivedAt;
  const messageId = `notice-message-${index}`;
  const busy = status === 'ending';
  return html`<div part="notice" class="notice" role="group" aria-labelledby=${messageId} data-session-id=${notice.sessionId}>
    <p part="message" class="message" id=${messageId}>${
      count > 1 ? labels.signedInTimes.replace('{count}', String(count)) : view.message(notice.message)
    }</p>
    <p part="details" class="details">
      ${facts.map((fact) => html`<span class="fact">${fact}</span>`)}
      <span class="fact">${labels.signedIn}
        <time datetime=${new Date(startedAt).toISOString()}>${formatRelativeTime(startedAt, view.now, view.lang, labels.justNow)}</time></span>
    </p>
    ${status === 'failed' ? html`<p part="error" class="error" role="alert">${labels.endFailed}</p>` : nothing}
    <div part="actions" class="actions">
      <button part="end-button" class="end" type="button" aria-describedby=${messageId}
        ?disabled=${busy} aria-busy=${busy ? 'true' : 'false'}
        @click=${() => view.onEnd(notice.sessionId)}>${labels.endSession}</button>
      <button part="dismiss-button" type="button" aria-describedby=${messageId}
        @click=${() => view.onDismiss(notice.sessionId)}>${labels.dismiss}</button>
    </div>
  </div>`;
}
