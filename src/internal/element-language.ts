import { elementLocale, languageOf } from '../i18n/language.js';
import { loadedTable, loadTable, tableFailed, type OtherLanguage, type TableSource } from '../i18n/tables.js';
import { systemClock, type Clock } from './clock.js';

/** How long an update waits for its language's table before it renders in English (swapped when the table comes). */
export const TABLE_WAIT_MS = 2000;

/** The locale an element renders in, and its labels in that language. */
export interface ElementLanguage<T extends object> {
  /** The locale labels, numbers and dates are shown in ("de-AT", "en"): the element's `lang`, an ancestor's, the page's. */
  locale: string;
  /** The labels of the locale's language: its table when loaded, else English. */
  table: Readonly<T>;
}

const otherLanguage = (locale: string): OtherLanguage | undefined => {
  const language = languageOf(locale);
  return language === 'en' ? undefined : language;
};

/**
 * `host`'s language, read now. A language whose table is not here yet shows English and asks for the table; the
 * element updates when it comes (a failed load stays English).
 */
export function elementLanguage<T extends object>(
  host: Element & { requestUpdate: () => void },
  source: TableSource<T>,
): ElementLanguage<T> {
  const locale = elementLocale(host);
  const language = otherLanguage(locale);
  const table = language && loadedTable(source.name, language);
  if (language && !table && !tableFailed(source.name, language))
    void loadTable(source, language).then((loaded) => loaded && host.requestUpdate());
  return { locale, table: (table as Readonly<T> | undefined) ?? source.english };
}

/**
 * Called before each update (an element's `scheduleUpdate`): a promise to wait for while the element is about to
 * render a language whose table is on its way (resolved when it is, or after {@link TABLE_WAIT_MS}), so a German page
 * does not flash English first; undefined when there is nothing to wait for.
 */
export function languageWait(host: Element, source: TableSource<object>, clock: Clock = systemClock): Promise<void> | undefined {
  const language = otherLanguage(elementLocale(host));
  if (!language || loadedTable(source.name, language) || tableFailed(source.name, language)) return undefined;
  return new Promise<void>((resolve) => {
    const timer = clock.setTimeout(resolve, TABLE_WAIT_MS);
    void loadTable(source, language).then(() => {
      clock.clearTimeout(timer);
      resolve();
    });
  });
}
