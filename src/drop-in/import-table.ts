// The drop-in's table importers (vite.config.ts puts this module in place of src/i18n/import-table.ts): each table
// of the drop-in's two elements is a script chunk beside it, loaded the first time an element renders in its language.
import type { OtherLanguage, TableModule } from '../i18n/import-table.js';
import { loadChunk } from './chunks.js';

/** Loads `<session-awareness>`'s table in `language` as a chunk of the drop-in. */
export function importSessionAwarenessTable(language: OtherLanguage): TableModule {
  return loadChunk(`${language}/session-awareness`) as TableModule;
}

/** Loads `<session-list>`'s table in `language` as a chunk of the drop-in. */
export function importSessionListTable(language: OtherLanguage): TableModule {
  return loadChunk(`${language}/session-list`) as TableModule;
}

/** The drop-in has no `<session-signed-out-reason>`: the sign-in page's own script carries its tables. */
export function importSignedOutReasonTable(): TableModule {
  return Promise.reject(new Error('the drop-in has no <session-signed-out-reason>'));
}
