// The sign-in page script's languages (vite.config.ts puts this module in place of src/internal/element-language.ts,
// and nothing in place of the element's strings.ts, whose loaders it never calls): <session-signed-out-reason>'s
// three small tables stay inside the script, so a sign-in page makes no second request and never waits, and the
// script carries no loader. Same exports as the lazy module.
import de from '../i18n/de/signed-out-reason.js';
import es from '../i18n/es/signed-out-reason.js';
import fr from '../i18n/fr/signed-out-reason.js';
import { elementLocale, languageOf } from '../i18n/language.js';
import { DEFAULT_SIGNED_OUT_STRINGS } from '../i18n/signed-out-reason.js';
import type { ElementLanguage } from '../internal/element-language.js';

const tables: Readonly<Record<string, object | undefined>> = { en: DEFAULT_SIGNED_OUT_STRINGS, de, fr, es };

/** `host`'s locale and its sentences, from the tables inside this script. */
export function elementLanguage<T extends object>(host: Element): ElementLanguage<T> {
  const locale = elementLocale(host);
  return { locale, table: tables[languageOf(locale)] as Readonly<T> };
}

/** Nothing to wait for: every table is here. */
export function languageWait(): undefined {
  return undefined;
}
