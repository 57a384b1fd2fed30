// <session-awareness>'s labels: English here, the other languages imported the first time it renders in one.
import { importSessionAwarenessTable } from '../../i18n/import-table.js';
import { DEFAULT_STRINGS, type SessionAwarenessStrings } from '../../i18n/session-awareness.js';
import type { TableSource } from '../../i18n/tables.js';

/** The tables of `<session-awareness>`. */
export const tables: TableSource<SessionAwarenessStrings> = {
  name: 'session-awareness',
  english: DEFAULT_STRINGS,
  load: importSessionAwarenessTable,
};
