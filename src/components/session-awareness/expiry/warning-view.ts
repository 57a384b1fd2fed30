import { css, html, nothing, type TemplateResult } from 'lit';
import type { SessionAwarenessStrings } from '../../../i18n/session-awareness.js';
import { formatCountdown } from './schedule.js';

/**
 * The warning's own styles, over the element's (its palette, buttons, `.error`, `.actions`). They come with the
 * expiry code, which a page without expiry never loads, and are added to the element's shadow root with it.
 */
export const warningStyles = css`
  :host {
    --_primary: var(--session-awareness-primary, var(--_default-primary));
    --_on-primary: var(--session-awareness-on-primary, var(--_default-on-primary));
  }
  dialog {
    pointer-events: auto;
    margin: auto;
    max-width: min(28rem, calc(100vw - 2rem));
    padding: 1.25rem 1.5rem;
    background: var(--_bg);
    color: inherit;
    font: inherit;
    border: 0;
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125em;
  }
  .primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  @media (forced-colors: active) {
    dialog {
      border: 1px solid CanvasText;
    }
  }
`;

/** What the expiry warning's template shows and does. */
export interface WarningView {
  labels: SessionAwarenessStrings;
  /** Whether the warning is up (the dialog element is always rendered, closed or open). */
  shown: boolean;
  /** Whole seconds left, for the visible countdown. */
  secondsLeft: number;
  /** Seconds to announce to screen readers (changes only at announcement marks). */
  announcedSeconds: number | undefined;
  /** Stay signed in could not reach the server. */
  extendFailed: boolean;
  /** Offer Sign out (a `logout-url` is set). */
  canSignOut: boolean;
  /** Language of the spoken duration. */
  lang: string;
  onStay: () => void;
  onSignOut: () => void;
}

/** "2 minutes" or "30 seconds", for screen readers, in the page's language. */
export function spokenDuration(seconds: number, lang: string): string {
  const [value, unit] = seconds >= 60 ? [Math.round(seconds / 60), 'minute'] : [seconds, 'second'];
  try {
    return new Intl.NumberFormat(lang || undefined, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
  } catch {
    return `${value} ${unit}s`;
  }
}

/**
 * The warning: a native `<dialog>` opened modally by the element, with a visible countdown
 * (not a live region: it changes every second) and a separate, throttled announcement.
 */
export function renderWarning(view: WarningView): TemplateResult {
  const { labels } = view;
  return html`<dialog part="dialog" aria-labelledby="expiry-heading" aria-describedby="expiry-countdown"
    @cancel=${(event: Event) => {
      // Escape must not silently end the session: the user is here, so it means "stay".
      event.preventDefault();
      view.onStay();
    }}>
    ${
      view.shown
        ? html`<h2 id="expiry-heading" part="dialog-heading">${labels.expiryHeading}</h2>
          <p id="expiry-countdown" part="countdown">${labels.expiryCountdown.replace('{time}', formatCountdown(view.secondsLeft))}</p>
          <p class="visually-hidden" aria-live="polite">${
            view.announcedSeconds === undefined
              ? ''
              : labels.expiryAnnouncement.replace('{time}', spokenDuration(view.announcedSeconds, view.lang))
          }</p>
          ${view.extendFailed ? html`<p part="error" class="error" role="alert">${labels.extendFailed}</p>` : nothing}
          <div part="actions" class="actions">
            <button part="stay-button" class="primary" type="button" autofocus @click=${view.onStay}>${labels.staySignedIn}</button>
            ${view.canSignOut ? html`<button part="signout-button" type="button" @click=${view.onSignOut}>${labels.signOut}</button>` : nothing}
          </div>`
        : nothing
    }
  </dialog>`;
}
