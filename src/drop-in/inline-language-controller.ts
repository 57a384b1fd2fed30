// The sign-in page script's LanguageController (vite.config.ts puts it in place of src/internal/language-controller.ts):
// <session-signed-out-reason>'s three small tables stay inside the script, so a sign-in page makes no second request,
// never waits, and the script carries no loader. Same interface as the lazy one.
import de from '../i18n/de/signed-out-reason.js';
import es from '../i18n/es/signed-out-reason.js';
import fr from '../i18n/fr/signed-out-reason.js';
import { elementLocale, languageOf } from '../i18n/language.js';
import type { LanguageControllerOptions } from '../internal/language-controller.js';

const tables: Readonly<Record<string, object>> = { de, fr, es };

/** An element's locale and labels, from the tables inside this script; read at each render (nothing to cache). */
export class LanguageController<T extends object> {
  readonly #host: Element;
  readonly #english: Readonly<T>;

  constructor(host: Element, options: LanguageControllerOptions<T>) {
    this.#host = host;
    this.#english = options.english;
  }

  /** The locale labels, numbers and dates are shown in. */
  get locale(): string {
    return elementLocale(this.#host);
  }

  /** The labels of {@link locale}'s language. */
  get table(): Readonly<T> {
    return (tables[languageOf(this.locale)] as Readonly<T> | undefined) ?? this.#english;
  }

  /** Nothing to wait for: every table is here. */
  beforeUpdate(): undefined {
    return undefined;
  }
}
