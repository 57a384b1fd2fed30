// <session-signed-out-reason>'s sentences: English here, the other languages imported the first time it renders in one.
import { importSignedOutReasonTable } from '../../i18n/import-table.js';
import { DEFAULT_SIGNED_OUT_STRINGS, type SignedOutStrings } from '../../i18n/signed-out-reason.js';
import type { TableSource } from '../../i18n/tables.js';

/** The tables of `<session-signed-out-reason>`. */
export const tables: TableSource<SignedOutStrings> = {
  name: 'signed-out-reason',
  english: DEFAULT_SIGNED_OUT_STRINGS,
  load: importSignedOutReasonTable,
};
