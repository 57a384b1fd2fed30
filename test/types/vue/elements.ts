// Type-checked only: the generated Vue GlobalComponents typings of the elements.
import 'session-awareness/vue';
import type { GlobalComponents } from 'vue';
import type { SessionNoticeEvent } from 'session-awareness';

type Awareness = GlobalComponents['session-awareness'];
type List = GlobalComponents['session-list'];
type Reason = GlobalComponents['session-signed-out-reason'];

export const registered: [Awareness, List, Reason] | undefined = undefined;
// @ts-expect-error: not one of the package's elements
export type Unknown = GlobalComponents['session-awarenes'];

// Event handlers receive the element's own event classes (Event subclasses, not CustomEvent).
type NoticeHandler = NonNullable<InstanceType<Awareness>['$props']['onSessionNotice']>;
export const onNotice: NoticeHandler = (event: SessionNoticeEvent) => {
  console.log(event.details.browser);
};
// @ts-expect-error: a read-only getter is not a prop
export const readOnly: InstanceType<Awareness>['$props']['connectionStatus'] = 'connected';
