import { html, nothing, type TemplateResult } from 'lit';
import type { SessionAwarenessStrings } from '../../../i18n/session-awareness.js';
import { formatCountdown } from './schedule.js';

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
