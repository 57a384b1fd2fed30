// Defines <session-list> (unless something already did): what `session-awareness/list` runs.
import { SessionList } from './session-list.js';

/** Defines `<session-list>` unless something already did. */
export function defineSessionList(): void {
  if (!customElements.get('session-list')) customElements.define('session-list', SessionList);
}

defineSessionList();

declare global {
  interface HTMLElementTagNameMap {
    'session-list': SessionList;
  }
}
