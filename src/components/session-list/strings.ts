// <session-list>'s labels: English here, the other languages imported the first time it renders in one.
import { importSessionListTable } from '../../i18n/import-table.js';
import { DEFAULT_LIST_STRINGS, type SessionListStrings } from '../../i18n/session-list.js';
import type { TableSource } from '../../i18n/tables.js';

/** The tables of `<session-list>`. */
export const tables: TableSource<SessionListStrings> = {
  name: 'session-list',
  english: DEFAULT_LIST_STRINGS,
  load: importSessionListTable,
};
