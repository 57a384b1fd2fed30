import type { PageGlobals } from '../internal/page-globals.js';

/** The languages the built-in tables cover; anything else is shown in English. */
export type Language = 'en' | 'de' | 'fr' | 'es';

const SUPPORTED: readonly string[] = ['en', 'de', 'fr', 'es'];

const primarySubtag = (tag: string): string => tag.split(/[-_]/)[0].toLowerCase();

/**
 * The table language of a BCP 47 tag, by its primary subtag: "de-AT" → "de"; unknown or empty → "en". `tag` may be
 * anything a page script set (hence `unknown`): it is read as its text.
 */
export function languageOf(tag: unknown): Language {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a page script's value of any type is read as its text, as String reads it
  const primary = primarySubtag(String(tag ?? '').trim());
  return SUPPORTED.includes(primary) ? (primary as Language) : 'en';
}

/**
 * The locale labels, numbers, dates and relative times are formatted in: the tag itself when its
 * language has a table ("de-AT" keeps Austrian dates), else "en", so a page never mixes English
 * labels with, say, Japanese dates. Never throws: a malformed tag falls back to its language; `tag` is read as
 * languageOf reads it.
 */
export function localeOf(tag: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as in languageOf
  const text = String(tag ?? '').trim();
  const language = languageOf(text);
  if (primarySubtag(text) !== language) return 'en';
  try {
    return Intl.getCanonicalLocales(text)[0] ?? language;
  } catch {
    return language;
  }
}

interface LangNode {
  getAttribute?: (name: string) => string | null;
  closest?: (selector: string) => Element | null;
  getRootNode?: () => { host?: LangNode } | undefined;
}

/**
 * The language tag that applies to `element`, read at render time: its own `lang` attribute, else the
 * closest ancestor's (through the hosts of any shadow roots it sits in), else `<html lang>`; "" if none.
 * An empty `lang=""` is skipped, as a framework binding an unset value may render it. Touches the DOM only
 * when called, and tolerates a server-rendering shim without `closest` or `document`.
 */
export function langTagOf(host: object): string {
  const element = host as LangNode;
  try {
    const own = element.getAttribute?.('lang');
    if (own) return own;
    let node: LangNode | null | undefined = element;
    while (node && typeof node.closest === 'function') {
      const found = node.closest('[lang]:not([lang=""])');
      if (found) return found.getAttribute('lang') ?? '';
      node = node.getRootNode?.()?.host;
    }
  } catch {
    // a shim or detached node: fall through to the document
  }
  return (globalThis as PageGlobals).document?.documentElement?.lang ?? '';
}

/** The locale an element shows its labels in (see `langTagOf` and `localeOf`). */
export function elementLocale(host: object): string {
  return localeOf(langTagOf(host));
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The text for `count` from a singular and a plural form, by `Intl.PluralRules` of `locale`, with
 * `{placeholder}` replaced by the count. A singular form without the placeholder ("the other session")
 * names exactly one, so it is used for 1 only (French counts 0 as singular too).
 */
export function countForm(locale: string, count: number, one: string, other: string, placeholder: string): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    try {
      rules = new Intl.PluralRules(locale);
    } catch {
      rules = new Intl.PluralRules('en');
    }
    pluralRules.set(locale, rules);
  }
  const token = `{${placeholder}}`;
  const singular = rules.select(count) === 'one' && (one.includes(token) || count === 1);
  // split/join, not String.replace: "$&" in an override stays literal.
  return (singular ? one : other).split(token).join(String(count));
}
