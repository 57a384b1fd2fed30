// Type-checked only (npm test runs tsc on test/types): the generated Svelte 5 typings of the elements, as
// svelte-check reads them (SvelteHTMLElements from svelte/elements).
import 'session-awareness/svelte';
import type { SessionKillResultEvent, SessionNoticeEvent } from 'session-awareness';
import type { SvelteHTMLElements } from 'svelte/elements';

type Awareness = SvelteHTMLElements['session-awareness'];

export const used: [Awareness, SvelteHTMLElements['session-list'], SvelteHTMLElements['session-signed-out-reason']] | undefined = undefined;

export const good: Awareness = {
  'hub-url': '/hubs/session',
  'max-notices': '3',
  strings: { endSession: 'End it' },
  'onsession-notice': (event: SessionNoticeEvent) => event.details.browser,
  'onsession-kill-result': (event: SessionKillResultEvent) => event.ok,
};

// @ts-expect-error: a label is a string
export const wrongLabel: Awareness = { strings: { endSession: 42 } };
// @ts-expect-error: session-kill-result delivers a SessionKillResultEvent, not a SessionNoticeEvent
export const wrongHandler: Awareness = { 'onsession-kill-result': (event: SessionNoticeEvent) => event.details };
// @ts-expect-error: internal state is not a prop
export const internal: Awareness = { connectionState: 'connected' };
// @ts-expect-error: allow-html is presence-only (Svelte would write "false", which is true to Lit)
export const falseFlag: Awareness = { 'allow-html': false };
