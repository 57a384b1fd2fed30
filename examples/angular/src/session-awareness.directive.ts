import { Directive, input } from '@angular/core';
import type { SessionAwareness } from 'session-awareness';

/**
 * Types the `<session-awareness>` property this app binds. Under CUSTOM_ELEMENTS_SCHEMA Angular never
 * type-checks a property binding on an element, so `[strings]="…"` would accept anything; matched by this
 * directive, it binds the typed input instead, which the host binding writes to the element's `strings`
 * property. Events need nothing here: the package declares `HTMLElementTagNameMap['session-awareness']`
 * and its events in `GlobalEventHandlersEventMap`, so strictTemplates types `$event` in
 * `(session-notice)="…"` as `SessionNoticeEvent` on its own.
 */
@Directive({
  selector: 'session-awareness',
  host: { '[strings]': 'strings()' },
})
export class SessionAwarenessProperties {
  readonly strings = input<SessionAwareness['strings']>();
}
