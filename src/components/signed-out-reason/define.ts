// Defines <session-signed-out-reason> (unless something already did): what `session-awareness/signed-out-reason` runs.
import { SessionSignedOutReason } from './signed-out-reason.js';

/** Defines `<session-signed-out-reason>` unless something already did. */
export function defineSessionSignedOutReason(): void {
  if (!customElements.get('session-signed-out-reason')) customElements.define('session-signed-out-reason', SessionSignedOutReason);
}

defineSessionSignedOutReason();

declare global {
  interface HTMLElementTagNameMap {
    'session-signed-out-reason': SessionSignedOutReason;
  }
}
