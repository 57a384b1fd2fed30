// Deliberate misuses that `npm run check` must reject. Angular templates have no @ts-expect-error, so each
// misuse is marked by an `<!-- expect-error CODE -->` comment on the line above it: check/check.mjs passes only when
// every marked line has exactly that error and nothing else in the program has an error. Not part of the app
// (ng build compiles tsconfig.app.json, which does not include this file).
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import type { SessionNoticeEvent } from 'session-awareness';
import { SessionAwarenessProperties } from '../src/session-awareness.directive';

@Component({
  selector: 'app-misuse',
  imports: [SessionAwarenessProperties],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <!-- expect-error TS2353: 'endSesion' is no label of SessionAwarenessStrings (typed by the directive's input) -->
    <session-awareness [strings]="{ endSesion: 'misspelt label' }"></session-awareness>
    <!-- expect-error TS2345: $event of (session-kill-result) is a SessionKillResultEvent, not a SessionNoticeEvent -->
    <session-awareness (session-kill-result)="onNotice($event)"></session-awareness>
  `,
})
export class Misuse {
  protected onNotice(event: SessionNoticeEvent): string {
    return event.details.browser ?? '';
  }
}
