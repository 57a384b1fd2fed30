import { resolveLabels } from './labels.js';

/** Every label `<session-list>` shows; override any of them with its `strings` property. */
export interface SessionListStrings {
  /** Heading of the list, and its accessible name. */
  heading: string;
  /** Badge on the row of the page's own session. */
  thisDevice: string;
  /** Visible text of the button that ends another session. */
  endSession: string;
  /** Accessible name of that button; `{device}` becomes e.g. "Firefox 130 on Windows". */
  endSessionOn: string;
  /** Button that signs this device out. */
  signOut: string;
  /** Accessible name of that button. */
  signOutThisDevice: string;
  /** Button that asks to end every other session. */
  endOthers: string;
  /** The confirm question for several other sessions; `{count}` is replaced. */
  confirmEndOthers: string;
  /** The confirm question for one other session. */
  confirmEndOther: string;
  /** Button that confirms. */
  confirm: string;
  /** Button that cancels. */
  cancel: string;
  /** Announced after a row's End session; `{device}` is replaced. */
  sessionEndedOn: string;
  /** Announced after Sign out all other sessions; `{count}` is replaced. */
  endedOthers: string;
  /** Announced after Sign out all other sessions ended one. */
  endedOther: string;
  /** Shown when End session failed (generic on purpose). */
  endFailed: string;
  /** Shown when Sign out all other sessions failed. */
  endOthersFailed: string;
  /** When a session began; `{time}` becomes "5 minutes ago". */
  signedIn: string;
  /** When a session was last active; `{time}` is replaced. */
  lastActive: string;
  /** Relative time under a minute. */
  justNow: string;
  /** Shown until the first list arrives. */
  loading: string;
  /** Shown while the connection is being re-established. */
  reconnecting: string;
  /** Shown when this is the user's only session. */
  noOthers: string;
  /** Shown once this page's session is over. */
  sessionOver: string;
  /** Below the list when the server listed only some live sessions; `{count}` is how many more. */
  moreSessions: string;
  /** Its singular form, where the language's plural rules call `{count}` "one". */
  moreSessionsOne: string;
  /** Kind of device: a computer. */
  desktop: string;
  /** Kind of device: a phone. */
  mobile: string;
  /** Kind of device: a tablet. */
  tablet: string;
  /** Stands in for a device the server described not at all. */
  unknownDevice: string;
  /** How a session's browser and operating system or device are named together: "{browser} on {device}". */
  browserOnDevice: string;
}

/** The English defaults. */
export const DEFAULT_LIST_STRINGS: Readonly<SessionListStrings> = {
  heading: 'Your sessions',
  thisDevice: 'This device',
  endSession: 'End session',
  endSessionOn: 'End session on {device}',
  signOut: 'Sign out',
  signOutThisDevice: 'Sign out on this device',
  endOthers: 'Sign out all other sessions',
  confirmEndOthers: 'Sign out all {count} other sessions? They will need to sign in again.',
  confirmEndOther: 'Sign out the other session? It will need to sign in again.',
  confirm: 'Sign out all',
  cancel: 'Cancel',
  sessionEndedOn: 'Session on {device} ended.',
  endedOthers: 'Signed out of {count} other sessions.',
  endedOther: 'Signed out of 1 other session.',
  endFailed: 'That session could not be ended. Please try again.',
  endOthersFailed: 'The other sessions could not be signed out. Please try again.',
  signedIn: 'Signed in {time}',
  lastActive: 'Last active {time}',
  justNow: 'just now',
  loading: 'Loading your sessions…',
  reconnecting: 'Reconnecting…',
  noOthers: 'You are not signed in anywhere else.',
  sessionOver: 'Your session has ended.',
  moreSessions: 'and {count} more sessions',
  moreSessionsOne: 'and {count} more session',
  desktop: 'Computer',
  mobile: 'Phone',
  tablet: 'Tablet',
  unknownDevice: 'Unknown device',
  browserOnDevice: '{browser} on {device}',
};

/** Merges overrides over `table` (the labels of the element's language, English by default), keeping only string values of known keys. */
export function resolveListStrings(
  overrides: Partial<SessionListStrings> | undefined,
  table: Readonly<SessionListStrings> = DEFAULT_LIST_STRINGS,
): SessionListStrings {
  return resolveLabels(table, overrides);
}
