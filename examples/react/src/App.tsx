// Registers <session-awareness> in React's JSX.IntrinsicElements (a module augmentation of 'react'): its props
// are typed from the element class, and its events as `on<event-name>` props with the package's event classes.
import type {} from 'session-awareness/react';
import type { SessionAwarenessStrings } from 'session-awareness';
import { useState } from 'react';

// A stable object: React 19 sets it as the element's `strings` property (it only re-sets it when it changes).
const strings: Partial<SessionAwarenessStrings> = { endSession: 'End it (React)' };

export function App() {
  const [connection, setConnection] = useState('—');
  const [events, setEvents] = useState<readonly string[]>([]);
  const log = (entry: string) => setEvents((previous) => [...previous, entry]);

  return (
    <main>
      <h1>session-awareness in React 19</h1>
      <p>
        Connection: <output data-testid="connection">{connection}</output>
      </p>
      <ul data-testid="events">
        {events.map((entry, index) => (
          <li key={index}>{entry}</li>
        ))}
      </ul>
      {/* React 19 sets `strings` as a property (the element has it), and attaches each `on<event-name>` prop
          with addEventListener('<event-name>'): the handlers get the package's typed Event subclasses. */}
      <session-awareness
        hub-url="/hubs/session"
        keepalive-url="/session/keepalive"
        status-url="/session/status"
        logout-url="/logout"
        strings={strings}
        onsession-connection={(event) => setConnection(event.status.state)}
        onsession-notice={(event) => log(`notice: ${event.details.browser ?? 'unknown browser'}`)}
        onsession-dismiss={() => log('dismiss')}
        onsession-kill-result={(event) => log(`kill-result: ${event.ok ? 'ok' : 'failed'}`)}
      />
    </main>
  );
}

/**
 * Never rendered; here for `npm run check` only. `strings` is typed from the element
 * (Partial<SessionAwarenessStrings>, whose labels are strings), so a number label must be a type error. If the
 * element's JSX typings were loose (`any`, an index signature, a missing registration), the directive below would
 * be unused and the strict check would fail.
 */
export function MisuseRejectedByTheTypes() {
  return (
    <session-awareness
      hub-url="/hubs/session"
      // @ts-expect-error `endSession` is a string label, not a number.
      strings={{ endSession: 42 }}
    />
  );
}
