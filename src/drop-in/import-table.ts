// The drop-in's importTable (vite.config.ts puts it in place of src/i18n/import-table.ts): each table of the
// drop-in's two elements is a script chunk beside it, loaded the first time an element renders in its language.
import type { OtherLanguage, TableName } from '../i18n/import-table.js';
import { loadChunk } from './chunks.js';

/** Loads one element's labels in one language as a chunk of the drop-in. */
export function importTable(name: TableName, language: OtherLanguage): Promise<{ default: object }> {
  // The drop-in has no <session-signed-out-reason>: the sign-in page's own script carries its tables.
  if (name === 'signed-out-reason') return Promise.reject(new Error('the drop-in has no <session-signed-out-reason>'));
  return loadChunk(`${language}/${name}`) as Promise<{ default: object }>;
}
