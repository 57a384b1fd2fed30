import type { Language } from './language.js';

/** The elements that have label tables. */
export type TableName = 'session-awareness' | 'session-list' | 'signed-out-reason';

/** A language with tables besides English. */
export type OtherLanguage = Exclude<Language, 'en'>;

/** A language module: its table is the default export. */
export type TableModule = Promise<{ default: object }>;

// One function per element, each with literal specifiers (bundlers split only what they can see): an app that uses
// one element keeps one of them, and so carries, and fetches, only that element's tables, each a chunk of its own
// fetched the first time the element renders in its language. The drop-in script builds with its own version of
// this module (vite.config.ts).

/** Imports `<session-awareness>`'s table in `language`. */
export function importSessionAwarenessTable(language: OtherLanguage): TableModule {
  if (language === 'de') return import('./de/session-awareness.js');
  if (language === 'fr') return import('./fr/session-awareness.js');
  return import('./es/session-awareness.js');
}

/** Imports `<session-list>`'s table in `language`. */
export function importSessionListTable(language: OtherLanguage): TableModule {
  if (language === 'de') return import('./de/session-list.js');
  if (language === 'fr') return import('./fr/session-list.js');
  return import('./es/session-list.js');
}

/** Imports `<session-signed-out-reason>`'s table in `language`. */
export function importSignedOutReasonTable(language: OtherLanguage): TableModule {
  if (language === 'de') return import('./de/signed-out-reason.js');
  if (language === 'fr') return import('./fr/signed-out-reason.js');
  return import('./es/signed-out-reason.js');
}
