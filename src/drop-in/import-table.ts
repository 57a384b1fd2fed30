// The drop-in's table importers (vite.config.ts puts this module in place of src/i18n/import-table.ts): each table
// of the drop-in's two elements is a script chunk beside it, loaded the first time an element renders in its language.
// Both shapes of the importer are here, one function for every element and one per element, so that this module
// stands in for either version of src/i18n/import-table.ts (main has moved to the per-element ones).
import type { OtherLanguage, TableName } from '../i18n/import-table.js';
import { loadChunk } from './chunks.js';

/** A language module: its table is the default export. */
export type TableModule = Promise<{ default: object }>;

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

/** Loads one element's labels in one language as a chunk of the drop-in. */
export function importTable(name: TableName, language: OtherLanguage): TableModule {
  if (name === 'session-awareness') return importSessionAwarenessTable(language);
  if (name === 'session-list') return importSessionListTable(language);
  return importSignedOutReasonTable();
}
