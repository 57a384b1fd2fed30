import { importTable, type OtherLanguage, type TableName } from './import-table.js';

export type { OtherLanguage, TableName } from './import-table.js';

// Tables already here, and loads under way, by "language/name": each is fetched once per page.
const loaded = new Map<string, object>();
const loading = new Map<string, Promise<object | undefined>>();
// Loads that failed: English for the rest of this page's life, rather than a request on every update.
const failed = new Set<string>();

/** The table of `name` in `language` if it is loaded, else undefined. */
export function loadedTable(name: TableName, language: OtherLanguage): object | undefined {
  return loaded.get(`${language}/${name}`);
}

/** Whether loading `name` in `language` failed on this page (its labels show in English). */
export function tableFailed(name: TableName, language: OtherLanguage): boolean {
  return failed.has(`${language}/${name}`);
}

/**
 * Loads the table of `name` in `language` once; resolves to it, or to undefined when it could not be loaded (a
 * network failure, a blocked chunk): the element then shows English, which one console line explains. Never rejects.
 * `importer` is for tests, which make a load fail.
 */
export function loadTable(name: TableName, language: OtherLanguage, importer: typeof importTable = importTable): Promise<object | undefined> {
  const key = `${language}/${name}`;
  const table = loaded.get(key);
  if (table) return Promise.resolve(table);
  let load = loading.get(key);
  if (!load) {
    load = importer(name, language).then(
      (module) => {
        loaded.set(key, module.default);
        return module.default;
      },
      (error: unknown) => {
        failed.add(key);
        console.warn(`[session-awareness] the ${language} labels of <${name}> could not be loaded; showing English.`, error);
        return undefined;
      },
    );
    loading.set(key, load);
  }
  return load;
}
