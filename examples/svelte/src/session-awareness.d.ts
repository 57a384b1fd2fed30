// Svelte typings for <session-awareness>. The package ships React and Vue typings but none for Svelte, so this
// file teaches svelte-check the element: it augments `svelte/elements`' SvelteHTMLElements (without it, an
// unknown tag falls under `[name: string]: { [name: string]: any }` and nothing on it is checked).
// Everything is derived from the package's own exported classes, so it follows the package's types.
import type {
  SessionAutosaveEvent,
  SessionAwareness,
  SessionClosedEvent,
  SessionConnectionEvent,
  SessionDismissEvent,
  SessionEndedEvent,
  SessionExpiredEvent,
  SessionExpiryWarningEvent,
  SessionExtendedEvent,
  SessionKillEvent,
  SessionKillResultEvent,
  SessionNoticeEvent,
  SessionProtocolErrorEvent,
} from 'session-awareness';
import type { HTMLAttributes } from 'svelte/elements';

/**
 * Public properties. On a custom element Svelte 5 sets a prop as a DOM property when the (defined) element has a
 * setter for it, so `strings={{ … }}`, `hubFactory={…}` or `allowHtml={false}` reach the element as properties.
 */
type SessionAwarenessProperties = Partial<
  Pick<
    SessionAwareness,
    | 'hubUrl'
    | 'keepaliveUrl'
    | 'statusUrl'
    | 'logoutUrl'
    | 'warnBefore'
    | 'keepaliveInterval'
    | 'endedAction'
    | 'endedUrl'
    | 'expiredAction'
    | 'expiredUrl'
    | 'autosaveForms'
    | 'allowHtml'
    | 'maxNotices'
    | 'userId'
    | 'autosaveTimeout'
    | 'strings'
    | 'accessTokenFactory'
    | 'hubFactory'
    | 'fetcher'
    | 'draftStore'
    | 'clock'
    | 'pageLocation'
  >
>;

/** A numeric attribute: `warn-before={120}` or `warn-before="120"` (Lit converts the attribute to a number). */
type NumberAttribute = number | `${number}`;

/**
 * The same options as kebab-case HTML attributes (the element has no setter by these names, so Svelte sets the
 * attribute). `allow-html` is presence-only: Svelte would write `allow-html={false}` as the attribute "false",
 * which Lit reads as true, so a dynamic value must use the `allowHtml` property instead.
 */
interface SessionAwarenessAttributes {
  'hub-url'?: SessionAwareness['hubUrl'];
  'keepalive-url'?: SessionAwareness['keepaliveUrl'];
  'status-url'?: SessionAwareness['statusUrl'];
  'logout-url'?: SessionAwareness['logoutUrl'];
  'warn-before'?: NumberAttribute;
  'keepalive-interval'?: NumberAttribute;
  'ended-action'?: 'reload' | 'redirect' | 'none';
  'ended-url'?: SessionAwareness['endedUrl'];
  'expired-action'?: 'reload' | 'redirect' | 'none';
  'expired-url'?: SessionAwareness['expiredUrl'];
  'autosave-forms'?: SessionAwareness['autosaveForms'];
  'allow-html'?: true | '';
  'max-notices'?: NumberAttribute;
  'user-id'?: SessionAwareness['userId'];
  'autosave-timeout'?: NumberAttribute;
}

/** The events <session-awareness> fires (its `@fires` list), each a plain `Event` subclass with `static eventName`. */
type SessionAwarenessEventClass =
  | typeof SessionNoticeEvent
  | typeof SessionClosedEvent
  | typeof SessionDismissEvent
  | typeof SessionKillEvent
  | typeof SessionKillResultEvent
  | typeof SessionEndedEvent
  | typeof SessionConnectionEvent
  | typeof SessionProtocolErrorEvent
  | typeof SessionExpiryWarningEvent
  | typeof SessionExtendedEvent
  | typeof SessionExpiredEvent
  | typeof SessionAutosaveEvent;

/**
 * `onsession-notice={handler}` and so on: Svelte 5 turns an `on…` attribute into a listener for the event named
 * by the rest of the attribute, dashes and case kept, so `onsession-notice` listens to `session-notice`. The key
 * comes from each class's `static eventName`, the handler's argument is that class's instance.
 */
type SessionAwarenessEventAttributes = {
  [Class in SessionAwarenessEventClass as `on${Class['eventName']}`]?:
    | ((event: InstanceType<Class> & { currentTarget: EventTarget & SessionAwareness }) => unknown)
    | null;
};

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'session-awareness': HTMLAttributes<SessionAwareness> &
      SessionAwarenessProperties &
      SessionAwarenessAttributes &
      SessionAwarenessEventAttributes;
  }
}
