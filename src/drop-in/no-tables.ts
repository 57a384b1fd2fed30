// The sign-in page script's stand-in for the element's strings.ts: its tables are inside inline-element-language.ts.
import type { TableSource } from '../i18n/tables.js';

/** Never read in this script. */
export const tables = undefined as unknown as TableSource<object>;
