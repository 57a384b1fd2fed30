import type { OtherLanguage, TableModule, TableName } from './import-table.js';

export type { OtherLanguage, TableName } from './import-table.js';

/** An element's labels: their English table, and how to import the others. */
export interface TableSource<T extends object> {
  /** Which element's (in messages, and the key of the cache). */
  name: TableName;
  /** The English labels, shown for any other language until (or unless) its table loads. */
  english: Readonly<T>;
  /** Imports the table of one other language. */
  load: (language: OtherLanguage) => TableModule;
}

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
 * Loads the table of `source` in `language` once; resolves to it, or to undefined when it could not be loaded (a
 * network failure, a blocked chunk): the element then shows English, which one console line explains. Never rejects.
 */
export function loadTable(source: Pick<TableSource<object>, 'name' | 'load'>, language: OtherLanguage): Promise<object | undefined> {
  const key = `${language}/${source.name}`;
  const table = loaded.get(key);
  if (table) return Promise.resolve(table);
  let load = loading.get(key);
  if (!load) {
    load = source.load(language).then(
      (module) => {
        loaded.set(key, module.default);
        return module.default;
      },
      (error: unknown) => {
        failed.add(key);
        console.warn(`[session-awareness] the ${language} labels of <${source.name}> could not be loaded; showing English.`, error);
        return undefined;
      },
    );
    loading.set(key, load);
  }
  return load;
}
