import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { elementLocale, languageOf } from '../i18n/language.js';
import { loadedTable, loadTable, tableFailed, type OtherLanguage, type TableName } from '../i18n/tables.js';
import { systemClock, type Clock } from './clock.js';

/** How long an update waits for its language's table before it renders in English (which it swaps when the table comes). */
export const TABLE_WAIT_MS = 2000;

/** What the language controller is told by its element. */
export interface LanguageControllerOptions<T extends object> {
  /** Which element's tables. */
  name: TableName;
  /** Its English labels: shown for any other language until (or unless) its table loads. */
  english: Readonly<T>;
  /** Timers for the wait (a getter: the element's clock may be replaced after construction). */
  clock?: () => Clock;
}

/**
 * An element's language: the locale it renders in (its `lang`, an ancestor's, or the page's), and the labels
 * of that language, loaded the first time the element renders in it. An element delays an update that would
 * render a language whose table is on its way (see {@link LanguageController.beforeUpdate}), so a German page does
 * not flash English first.
 */
export class LanguageController<T extends object> implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #options: LanguageControllerOptions<T>;
  #locale: string | undefined;

  constructor(host: ReactiveControllerHost & Element, options: LanguageControllerOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The locale labels, numbers and dates are shown in ("de-AT", "en"); read when the element last updated. */
  get locale(): string {
    return (this.#locale ??= elementLocale(this.#host));
  }

  /** The labels of {@link locale}'s language: its table when loaded, else English (and the table is asked for). */
  get table(): Readonly<T> {
    const language = this.#otherLanguage(this.locale);
    if (!language) return this.#options.english;
    const table = loadedTable(this.#options.name, language);
    if (table) return table as Readonly<T>;
    if (!tableFailed(this.#options.name, language)) void loadTable(this.#options.name, language).then((loaded) => loaded && this.#host.requestUpdate());
    return this.#options.english;
  }

  hostUpdate(): void {
    this.#locale = elementLocale(this.#host);
  }

  /**
   * Called before each update: a promise to wait for when the element is about to render a language whose
   * table is not here yet (resolved when it is, or after {@link TABLE_WAIT_MS}), else undefined: no wait at all.
   */
  beforeUpdate(): Promise<void> | undefined {
    const language = this.#otherLanguage(elementLocale(this.#host));
    if (!language || loadedTable(this.#options.name, language) || tableFailed(this.#options.name, language)) return undefined;
    const clock = this.#options.clock?.() ?? systemClock;
    return new Promise<void>((resolve) => {
      const timer = clock.setTimeout(resolve, TABLE_WAIT_MS);
      void loadTable(this.#options.name, language).then(() => {
        clock.clearTimeout(timer);
        resolve();
      });
    });
  }

  #otherLanguage(locale: string): OtherLanguage | undefined {
    const language = languageOf(locale);
    return language === 'en' ? undefined : language;
  }
}
