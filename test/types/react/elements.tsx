// Type-checked only (npm test runs tsc on test/types): the generated React 19 JSX typings of the elements.
import 'session-awareness/react';
import { useRef } from 'react';
import type { SessionAwareness, SessionKillResultEvent } from 'session-awareness';

export function Page(props: { onKill: (event: SessionKillResultEvent) => void; widget: (element: SessionAwareness | null) => void }) {
  return (
    <>
      <session-awareness
        hub-url="/hubs/session"
        max-notices={2}
        ended-action="reload"
        ref={props.widget}
        onsession-kill-result={props.onKill}
      />
      <session-list hub-url="/hubs/session" logout-url="/logout" />
      <session-signed-out-reason idle-minutes={15} />
    </>
  );
}

// React 19 refs: an object from useRef as well as a callback.
export function WithRefObject() {
  const widget = useRef<SessionAwareness>(null);
  return <session-awareness hub-url="/hubs/session" ref={widget} />;
}

// @ts-expect-error: internal state is not a prop (the manifest keeps the public API only)
export const internal = <session-awareness connectionState="connected" />;

// @ts-expect-error: a property the element does not have (TypeScript checks no attribute with a dash)
export const wrong = <session-awareness hubUrll="/hubs/session" />;
