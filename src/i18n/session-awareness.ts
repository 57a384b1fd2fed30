import { resolveLabels } from './labels.js';

/** Every label the widget shows; override any of them with the `strings` property. */
export interface SessionAwarenessStrings {
  /** Button that ends the other session. */
  endSession: string;
  /** Button that hides a notice. */
  dismiss: string;
  /** Button of the expiry warning that slides the session. */
  staySignedIn: string;
  /** Button that signs out. */
  signOut: string;
  /** Heading of the expiry warning. */
  expiryHeading: string;
  /** Accessible name of the notice area. */
  noticesLabel: string;
  /** Shown when End session failed; `{reason}` is not used: the error stays generic. */
  endFailed: string;
  /** Summary of notices beyond `max-notices`; `{count}` is replaced. */
  moreNotices: string;
  /** Its singular form, where the language's plural rules call `{count}` "one"; an override of `moreNotices` alone serves both. */
  moreNoticesOne: string;
  /** On a narrow screen (or zoomed in), the one bar the notices collapse to; `{count}` is replaced. */
  compactSummary: string;
  /** Its singular form. */
  compactSummaryOne: string;
  /** Button of that bar that shows the notices. */
  showNotices: string;
  /** Button that collapses them to the bar again. */
  hideNotices: string;
  /** Shown while the hub connection is being re-established. */
  reconnecting: string;
  /** Shown when the session ended and the widget did not navigate. */
  sessionEnded: string;
  /** Prefix of the time a session began, e.g. "Signed in 5 minutes ago". */
  signedIn: string;
  /** Relative time under a minute, as in "Signed in just now". */
  justNow: string;
  /** Visible countdown of the expiry warning; `{time}` becomes "1:05". */
  expiryCountdown: string;
  /** Screen-reader announcement of the time left; `{time}` becomes "2 minutes", "30 seconds". */
  expiryAnnouncement: string;
  /** Shown when Stay signed in could not reach the server. */
  extendFailed: string;
  /** Shown after drafts were put back into the page's forms. */
  draftsRestored: string;
  /** Notice of a sign-in this page learned of on (re)connecting, not by a push with the server's text. */
  signedInElsewhere: string;
  /** Notice of several sessions on one browser and device; `{count}` is replaced. */
  signedInTimes: string;
  /** Announced after End session; `{device}` becomes e.g. "Firefox 130 on Windows". */
  sessionEndedOn: string;
  /** Stands in for `{device}` when the server described none. */
  anotherDevice: string;
  /** How a session's browser and operating system or device are named together: "{browser} on {device}". */
  browserOnDevice: string;
}

/** The English defaults; tests and docs look for these labels. */
export const DEFAULT_STRINGS: Readonly<SessionAwarenessStrings> = {
  endSession: 'End session',
  dismiss: 'Dismiss',
  staySignedIn: 'Stay signed in',
  signOut: 'Sign out',
  expiryHeading: 'Your session is about to expire',
  noticesLabel: 'Session notices',
  endFailed: 'That session could not be ended. Please try again.',
  moreNotices: '+{count} more',
  moreNoticesOne: '+{count} more',
  compactSummary: '{count} session notices',
  compactSummaryOne: '{count} session notice',
  showNotices: 'Show',
  hideNotices: 'Hide',
  reconnecting: 'Reconnecting…',
  sessionEnded: 'Your session has ended. Sign in again to continue.',
  signedIn: 'Signed in',
  justNow: 'just now',
  expiryCountdown: 'For your security, you will be signed out in {time}.',
  expiryAnnouncement: 'Your session will expire in {time}.',
  extendFailed: 'Could not reach the server. Please try again.',
  draftsRestored: 'Your unsaved changes were restored.',
  signedInElsewhere: 'Your account was signed in on another browser or device.',
  signedInTimes: 'Your account was signed in {count} times on another browser or device.',
  sessionEndedOn: 'Session on {device} ended.',
  anotherDevice: 'another device',
  browserOnDevice: '{browser} on {device}',
};

/**
 * Merges overrides over `table` (the labels of the element's language, English by default), keeping only string
 * values of known keys: an override always wins, whatever the language.
 */
export function resolveStrings(
  overrides: Partial<SessionAwarenessStrings> | undefined,
  table: Readonly<SessionAwarenessStrings> = DEFAULT_STRINGS,
): SessionAwarenessStrings {
  const resolved = resolveLabels(table, overrides);
  // An override of the plural form alone (written before the singular key existed) serves a count of one too.
  if (
    overrides &&
    typeof overrides === 'object' &&
    typeof overrides.moreNotices === 'string' &&
    typeof overrides.moreNoticesOne !== 'string'
  ) {
    resolved.moreNoticesOne = overrides.moreNotices;
  }
  return resolved;
}
