// Type-checked only: the generated Vue GlobalComponents typings of the elements.
import 'session-awareness/vue';
import type { GlobalComponents } from 'vue';

type Awareness = GlobalComponents['session-awareness'];
type List = GlobalComponents['session-list'];
type Reason = GlobalComponents['session-signed-out-reason'];

export const registered: [Awareness, List, Reason] | undefined = undefined;
// @ts-expect-error: not one of the package's elements
export const unknown: GlobalComponents['session-awarenes'] | undefined = undefined;
