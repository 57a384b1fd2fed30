// Defines <session-awareness> (unless something already did): what `session-awareness/notices` runs.
import { SessionAwareness } from './session-awareness.js';

/** Defines `<session-awareness>` unless something already did (e.g. the script twice). */
export function defineSessionAwareness(): void {
  if (!customElements.get('session-awareness')) customElements.define('session-awareness', SessionAwareness);
}

defineSessionAwareness();

declare global {
  interface HTMLElementTagNameMap {
    'session-awareness': SessionAwareness;
  }
}
