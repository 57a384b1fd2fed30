import type { Language } from './language.js';

/** The elements that have label tables. */
export type TableName = 'session-awareness' | 'session-list' | 'signed-out-reason';

/** A language with tables besides English. */
export type OtherLanguage = Exclude<Language, 'en'>;

/**
 * Imports one element's labels in one language. Each table is a chunk of its own in an app's bundle, so a page
 * downloads only the languages it shows, and only for the elements it has. The drop-in scripts build with
 * their own version of this module (vite.config.ts): the widget's loads script chunks beside it, the sign-in
 * page's keeps its small tables inside.
 */
export function importTable(name: TableName, language: OtherLanguage): Promise<{ default: object }> {
  // Literal specifiers, one per table: bundlers split only what they can see.
  switch (`${language}/${name}` as const) {
    case 'de/session-awareness':
      return import('./de/session-awareness.js');
    case 'de/session-list':
      return import('./de/session-list.js');
    case 'de/signed-out-reason':
      return import('./de/signed-out-reason.js');
    case 'fr/session-awareness':
      return import('./fr/session-awareness.js');
    case 'fr/session-list':
      return import('./fr/session-list.js');
    case 'fr/signed-out-reason':
      return import('./fr/signed-out-reason.js');
    case 'es/session-awareness':
      return import('./es/session-awareness.js');
    case 'es/session-list':
      return import('./es/session-list.js');
    case 'es/signed-out-reason':
      return import('./es/signed-out-reason.js');
  }
}
