import { ChangeDetectionStrategy, Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type {
  ConnectionState,
  SessionAwarenessStrings,
  SessionConnectionEvent,
  SessionKillResultEvent,
  SessionNoticeEvent,
} from 'session-awareness';
import { SessionAwarenessProperties } from './session-awareness.directive';

/**
 * The whole example: `<session-awareness>` with its `strings` property bound (typed by SessionAwarenessProperties)
 * and four of its events bound; strictTemplates types each `$event` from the package's own event map.
 */
@Component({
  selector: 'app-root',
  imports: [SessionAwarenessProperties],
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>session-awareness in Angular</h1>
    <p>
      Connection: <output data-testid="connection">{{ connection() }}</output>
    </p>
    <ul data-testid="events">
      @for (entry of events(); track $index) {
        <li>{{ entry }}</li>
      }
    </ul>
    <session-awareness
      hub-url="/hubs/session"
      keepalive-url="/session/keepalive"
      status-url="/session/status"
      logout-url="/logout"
      [strings]="strings"
      (session-notice)="onNotice($event)"
      (session-dismiss)="log('dismiss')"
      (session-kill-result)="onKillResult($event)"
      (session-connection)="onConnection($event)"
    ></session-awareness>
  `,
})
export class App {
  protected readonly strings: Partial<SessionAwarenessStrings> = { endSession: 'End it (Angular)' };
  protected readonly connection = signal<ConnectionState | ''>('');
  protected readonly events = signal<readonly string[]>([]);

  protected onNotice(event: SessionNoticeEvent): void {
    this.log(`notice: ${event.details.browser ?? 'unknown browser'}`);
  }
  protected onKillResult(event: SessionKillResultEvent): void {
    this.log(`kill-result: ${event.ok ? 'ok' : 'failed'}`);
  }
  protected onConnection(event: SessionConnectionEvent): void {
    this.connection.set(event.status.state);
  }
  protected log(entry: string): void {
    this.events.update((entries) => [...entries, entry]);
  }
}
