// Issue 9, "Four languages, whole": German, French and Spanish tables beside the English defaults, the
// language taken from the element, an ancestor (through shadow roots) or <html lang>, and plurals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../src/components/session-list/define.js';
import '../../src/components/signed-out-reason/define.js';
import type { SessionAwareness } from '../../src/components/session-awareness/session-awareness.js';
import type { SessionSignedOutReason } from '../../src/components/signed-out-reason/signed-out-reason.js';
import DE_STRINGS from '../../src/i18n/de/session-awareness.js';
import DE_LIST_STRINGS from '../../src/i18n/de/session-list.js';
import DE_SIGNED_OUT_STRINGS from '../../src/i18n/de/signed-out-reason.js';
import ES_STRINGS from '../../src/i18n/es/session-awareness.js';
import ES_LIST_STRINGS from '../../src/i18n/es/session-list.js';
import ES_SIGNED_OUT_STRINGS from '../../src/i18n/es/signed-out-reason.js';
import FR_STRINGS from '../../src/i18n/fr/session-awareness.js';
import FR_LIST_STRINGS from '../../src/i18n/fr/session-list.js';
import FR_SIGNED_OUT_STRINGS from '../../src/i18n/fr/signed-out-reason.js';
import { countForm, languageOf, localeOf } from '../../src/i18n/language.js';
import { DEFAULT_LIST_STRINGS } from '../../src/i18n/session-list.js';
import { DEFAULT_SIGNED_OUT_STRINGS, describeSignOut } from '../../src/i18n/signed-out-reason.js';
import { DEFAULT_STRINGS, resolveStrings } from '../../src/i18n/session-awareness.js';
import { FakeHub } from './support/fake-hub.js';
import { FakeSessionServer, MemoryDraftStore } from './support/fake-server.js';
import { advance, FakeLocation, button, settle } from './support/fixture.js';
import { ManualClock } from './support/manual-clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();
const NBSP_NARROW = '\u202f';

// ---------------------------------------------------------------------------------------------------------------
// Mounting: anywhere (an ancestor with lang, a shadow root), with fakes; everything mounted is removed afterwards.

const cleanups: Array<() => void> = [];
let htmlLang = '';
beforeEach(() => {
  htmlLang = document.documentElement.lang;
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.documentElement.lang = htmlLang;
  document.body.removeAttribute('lang');
});

function place(element: HTMLElement, parent: ParentNode = document.body): void {
  parent.append(element);
  cleanups.push(() => element.remove());
}

interface AwarenessFixture {
  element: SessionAwareness;
  hub: FakeHub;
  clock: ManualClock;
  root: ShadowRoot;
  server: FakeSessionServer;
  settle: () => Promise<void>;
  text: (selector: string) => string;
  buttons: (scope?: ParentNode) => string[];
}

async function mountAwareness(
  options: { lang?: string; attributes?: Record<string, string>; parent?: ParentNode; strings?: Record<string, unknown> } = {},
): Promise<AwarenessFixture> {
  await import('../../src/components/session-awareness/expiry/expiry-controller.js'); // as in support/fixture.ts
  const hub = new FakeHub();
  const clock = new ManualClock();
  const server = new FakeSessionServer(clock, 5 * MINUTE);
  const element = document.createElement('session-awareness');
  element.hubFactory = hub.factory;
  element.clock = clock;
  element.pageLocation = new FakeLocation();
  element.fetcher = server.fetch;
  element.draftStore = new MemoryDraftStore();
  if (options.strings) element.strings = options.strings;
  element.setAttribute('hub-url', '/hubs/session');
  if (options.lang !== undefined) element.setAttribute('lang', options.lang);
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  place(element, options.parent);
  await settle(element);
  const root = element.shadowRoot!;
  return {
    element,
    hub,
    clock,
    root,
    server,
    settle: () => settle(element),
    text: (selector) =>
      root
        .querySelector(selector)
        ?.textContent.replace(/[ \t\r\n]+/g, ' ')
        .trim() ?? '',
    buttons: (scope = root) => [...scope.querySelectorAll('button')].map((b) => b.textContent.trim()),
  };
}

async function mountList(options: { lang?: string; parent?: ParentNode; strings?: Record<string, unknown> } = {}) {
  const hub = new FakeHub();
  const list = document.createElement('session-list');
  list.hubFactory = hub.factory;
  list.clock = new ManualClock();
  list.pageLocation = new FakeLocation();
  list.setAttribute('hub-url', '/hubs/session');
  if (options.strings) list.strings = options.strings;
  if (options.lang !== undefined) list.setAttribute('lang', options.lang);
  place(list, options.parent);
  await settle(list as never);
  const root = list.shadowRoot!;
  return {
    list,
    hub,
    root,
    settle: () => settle(list as never),
    text: (selector: string) =>
      root
        .querySelector(selector)
        ?.textContent.replace(/[ \t\r\n]+/g, ' ')
        .trim() ?? '',
  };
}

const NOW = Date.UTC(2026, 10, 21, 12);

function listSession(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sessionId: id,
    createdAt: iso(NOW - 10 * MINUTE),
    lastActiveAt: iso(NOW - 5 * MINUTE),
    browser: 'Firefox 130',
    device: 'Windows',
    os: 'Windows',
    deviceType: 'desktop',
    current: false,
    ...extra,
  };
}

const ownSession = () => listSession('own', { browser: 'Chrome 156', device: 'Linux', os: 'Linux', current: true });
const withOthers = (count: number) => [ownSession(), ...Array.from({ length: count }, (_, i) => listSession(`other-${i}`))];

async function mountReason(
  options: { lang?: string; minutes?: number; code?: string; parent?: ParentNode } = {},
): Promise<SessionSignedOutReason> {
  const element = document.createElement('session-signed-out-reason');
  element.storage = null;
  element.now = () => NOW;
  element.search = `?signedOutReason=${options.code ?? 'expired'}`;
  if (options.minutes !== undefined) element.setAttribute('idle-minutes', String(options.minutes));
  if (options.lang !== undefined) element.setAttribute('lang', options.lang);
  place(element, options.parent);
  await element.updateComplete;
  return element;
}

const sentences = (element: SessionSignedOutReason) =>
  Array.from(element.shadowRoot!.querySelectorAll('[part="message"] > p'), (p) => p.textContent);

// ---------------------------------------------------------------------------------------------------------------
// What each language must show: natural UI text written out here, not read back from the tables under test.

interface Expected {
  endSession: string;
  dismiss: string;
  groupOfTwo: string;
  moreTwo: string;
  moreOne: string;
  fiveMinutesAgo: string;
  endedOn: string;
  expiryHeading: string;
  expiryButtons: [string, string];
  countdown: string;
  announcedMinute: string;
  announcedSeconds: string;
  listHeading: string;
  listEnd: [string, string];
  endOthers: string;
  confirmOne: string;
  confirmThree: string;
  confirmButtons: [string, string];
  times: string;
  expiredOne: string;
  expiredFifteen: string;
}

const EXPECTED: Record<'de' | 'fr' | 'es', Expected> = {
  de: {
    endSession: 'Sitzung beenden',
    dismiss: 'Schließen',
    groupOfTwo: '2 neue Anmeldungen bei Ihrem Konto in einem anderen Browser oder auf einem anderen Gerät.',
    moreTwo: '+2 weitere',
    moreOne: '+1 weitere',
    fiveMinutesAgo: 'Angemeldet vor 5 Minuten',
    endedOn: 'Sitzung auf Chrome 156 unter Linux beendet.',
    expiryHeading: 'Ihre Sitzung läuft bald ab',
    expiryButtons: ['Angemeldet bleiben', 'Abmelden'],
    countdown: 'Zu Ihrer Sicherheit werden Sie in 1:00 abgemeldet.',
    announcedMinute: 'Ihre Sitzung läuft in 1 Minute ab.',
    announcedSeconds: 'Ihre Sitzung läuft in 30 Sekunden ab.',
    listHeading: 'Ihre Sitzungen',
    listEnd: ['Sitzung beenden', 'Sitzung auf Firefox 130 unter Windows beenden'],
    endOthers: 'Alle anderen Sitzungen abmelden',
    confirmOne: 'Die andere Sitzung abmelden? Dort ist dann eine erneute Anmeldung nötig.',
    confirmThree: 'Alle 3 anderen Sitzungen abmelden? Dort ist dann eine erneute Anmeldung nötig.',
    confirmButtons: ['Alle abmelden', 'Abbrechen'],
    times: 'Angemeldet vor 10 Minuten · Zuletzt aktiv vor 5 Minuten',
    expiredOne: 'Sie wurden nach 1 Minute ohne Aktivität abgemeldet.',
    expiredFifteen: 'Sie wurden nach 15 Minuten ohne Aktivität abgemeldet.',
  },
  fr: {
    endSession: 'Mettre fin à la session',
    dismiss: 'Ignorer',
    groupOfTwo: '2 nouvelles connexions à votre compte depuis un autre navigateur ou appareil.',
    moreTwo: '+2 autres',
    moreOne: '+1 autre',
    fiveMinutesAgo: 'Connexion il y a 5 minutes',
    endedOn: 'La session sur Chrome 156 sous Linux a pris fin.',
    expiryHeading: 'Votre session va bientôt expirer',
    expiryButtons: ['Rester connecté', 'Se déconnecter'],
    countdown: 'Pour votre sécurité, votre session sera fermée dans 1:00.',
    announcedMinute: 'Votre session expirera dans 1 minute.',
    announcedSeconds: 'Votre session expirera dans 30\u00a0secondes.', // Intl's French unit pattern: a no-break space
    listHeading: 'Vos sessions',
    listEnd: ['Mettre fin à la session', 'Mettre fin à la session sur Firefox 130 sous Windows'],
    endOthers: 'Déconnecter toutes les autres sessions',
    confirmOne: `Déconnecter l’autre session${NBSP_NARROW}? Il faudra s’y connecter à nouveau.`,
    confirmThree: `Déconnecter les 3 autres sessions${NBSP_NARROW}? Il faudra s’y connecter à nouveau.`,
    confirmButtons: ['Tout déconnecter', 'Annuler'],
    times: 'Connexion il y a 10 minutes · Dernière activité il y a 5 minutes',
    expiredOne: 'Votre session a été fermée après 1 minute d’inactivité.',
    expiredFifteen: 'Votre session a été fermée après 15 minutes d’inactivité.',
  },
  es: {
    endSession: 'Finalizar sesión',
    dismiss: 'Descartar',
    groupOfTwo: 'Se ha iniciado sesión en su cuenta 2 veces desde otro navegador o dispositivo.',
    moreTwo: '+2 más',
    moreOne: '+1 más',
    fiveMinutesAgo: 'Sesión iniciada hace 5 minutos',
    endedOn: 'Se ha finalizado la sesión en Chrome 156 en Linux.',
    expiryHeading: 'La sesión está a punto de caducar',
    expiryButtons: ['Mantener la sesión iniciada', 'Cerrar sesión'],
    countdown: 'Por seguridad, la sesión se cerrará en 1:00.',
    announcedMinute: 'La sesión caducará en 1 minuto.',
    announcedSeconds: 'La sesión caducará en 30 segundos.',
    listHeading: 'Sus sesiones',
    listEnd: ['Finalizar sesión', 'Finalizar sesión en Firefox 130 en Windows'],
    endOthers: 'Cerrar todas las demás sesiones',
    confirmOne: '¿Cerrar la otra sesión? Habrá que volver a iniciar sesión en ella.',
    confirmThree: '¿Cerrar las otras 3 sesiones? Habrá que volver a iniciar sesión en ellas.',
    confirmButtons: ['Cerrar todas', 'Cancelar'],
    times: 'Sesión iniciada hace 10 minutos · Última actividad hace 5 minutos',
    expiredOne: 'Se cerró la sesión tras 1 minuto sin actividad.',
    expiredFifteen: 'Se cerró la sesión tras 15 minutos sin actividad.',
  },
};

const chromeOnLinux = { browser: 'Chrome 156', device: 'Linux' };

for (const [lang, expected] of Object.entries(EXPECTED) as Array<['de' | 'fr' | 'es', Expected]>) {
  describe(`lang="${lang}"`, () => {
    it('notices: buttons, a group of two with its count, the relative time and the End session announcement', async () => {
      const f = await mountAwareness({ lang });
      const at = f.clock.now() - 5 * MINUTE;
      for (const id of ['a', 'b']) f.hub.emit('sessionRegistered', 'Server text', id, { ...chromeOnLinux, createdAt: iso(at) });
      await f.settle();

      const notice = f.root.querySelector<HTMLElement>('[part~="notice"]')!;
      expect(f.buttons(notice)).toEqual([expected.endSession, expected.dismiss]);
      expect(notice.querySelector('[part="message"]')!.textContent).toBe(expected.groupOfTwo);
      expect(notice.querySelector('[part="details"]')!.textContent.replace(/\s+/g, ' ')).toContain(expected.fiveMinutesAgo);

      button(notice, expected.endSession).click();
      await f.settle();
      expect(f.text('[part="announcement"]')).toBe(expected.endedOn);
    });

    it('notices: "+N more" in its plural form for 2, its singular for 1', async () => {
      const f = await mountAwareness({ lang, attributes: { 'max-notices': '1' } });
      for (const [id, browser] of [
        ['a', 'Firefox 130'],
        ['b', 'Chrome 156'],
        ['c', 'Edge 140'],
      ])
        f.hub.emit('sessionRegistered', 'm', id, { browser });
      await f.settle();
      expect(f.text('[part="more"]')).toBe(expected.moreTwo);

      f.hub.emit('sessionClosed', 'a');
      await f.settle();
      expect(f.text('[part="more"]')).toBe(expected.moreOne);
    });

    it('the expiry warning: heading, buttons, countdown and its spoken announcements', async () => {
      const f = await mountAwareness({
        lang,
        attributes: {
          'keepalive-url': '/session/keepalive',
          'status-url': '/session/status',
          'logout-url': '/logout',
          'warn-before': '60',
        },
      });
      await advance(f, f.server.localDeadline() - MINUTE - f.clock.now());
      const dialog = f.root.querySelector('dialog')!;
      expect(dialog.open).toBe(true);
      expect(f.text('dialog h2')).toBe(expected.expiryHeading);
      expect(f.buttons(dialog)).toEqual(expected.expiryButtons);
      expect(f.text('[part="countdown"]')).toBe(expected.countdown);
      expect(f.text('dialog [aria-live]')).toBe(expected.announcedMinute);

      await advance(f, 30 * SECOND);
      expect(f.text('dialog [aria-live]')).toBe(expected.announcedSeconds);
    });

    it('<session-list>: heading, buttons, relative times and the confirm question for 1 and for 3 other sessions', async () => {
      const one = await mountList({ lang });
      one.hub.emit('sessionsList', withOthers(1));
      await one.settle();
      expect(one.text('[part="heading"]')).toBe(expected.listHeading);
      const end = one.root.querySelector('[part="end-button"]')!;
      expect([end.textContent.trim(), end.getAttribute('aria-label')]).toEqual(expected.listEnd);
      expect(one.text('[part~="session"]:not([part~="current"]) [part="times"]')).toBe(expected.times);
      button(one.root, expected.endOthers).click();
      await one.settle();
      expect(one.text('#confirm-question')).toBe(expected.confirmOne);
      expect([...one.root.querySelectorAll('[part="confirm"] button')].map((b) => b.textContent.trim())).toEqual(expected.confirmButtons);

      const three = await mountList({ lang });
      three.hub.emit('sessionsList', withOthers(3));
      await three.settle();
      button(three.root, expected.endOthers).click();
      await three.settle();
      expect(three.text('#confirm-question')).toBe(expected.confirmThree);
    });

    it('<session-signed-out-reason>: the idle timeout of 1 minute and of 15 minutes', async () => {
      expect(sentences(await mountReason({ lang, minutes: 1 }))).toEqual([expected.expiredOne]);
      expect(sentences(await mountReason({ lang, minutes: 15 }))).toEqual([expected.expiredFifteen]);
      const table = { de: DE_SIGNED_OUT_STRINGS, fr: FR_SIGNED_OUT_STRINGS, es: ES_SIGNED_OUT_STRINGS, en: undefined }[lang];
      expect(describeSignOut('expired', { idleMinutes: 15 }, table, lang)).toEqual([expected.expiredFifteen]);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

describe('where the language comes from', () => {
  it('from the closest ancestor with lang', async () => {
    document.body.setAttribute('lang', 'fr');
    const f = await mountAwareness();
    f.hub.emit('sessionRegistered', 'm', 'a', chromeOnLinux);
    await f.settle();
    expect(f.buttons()).toEqual(['Mettre fin à la session', 'Ignorer']);
  });

  it('from <html lang>, read again on the next render', async () => {
    document.documentElement.lang = 'es';
    const f = await mountAwareness();
    f.hub.emit('sessionRegistered', 'm', 'a', chromeOnLinux);
    await f.settle();
    expect(f.buttons()).toEqual(['Finalizar sesión', 'Descartar']);

    document.documentElement.lang = 'de';
    f.hub.emit('sessionRegistered', 'm', 'b', { browser: 'Firefox 130' });
    await f.settle();
    expect(f.buttons()).toEqual(['Sitzung beenden', 'Schließen', 'Sitzung beenden', 'Schließen']);
  });

  it('through shadow roots: an element inside another component takes the language of that host', async () => {
    const host = document.createElement('div');
    host.setAttribute('lang', 'de');
    place(host);
    const shadow = host.attachShadow({ mode: 'open' });
    const inner = document.createElement('section'); // no lang of its own: the walk goes up to the host
    shadow.append(inner);
    const list = await mountList({ parent: inner });
    expect(list.text('[part="heading"]')).toBe('Ihre Sitzungen');
    const reason = await mountReason({ parent: inner, minutes: 15 });
    expect(sentences(reason)).toEqual(['Sie wurden nach 15 Minuten ohne Aktivität abgemeldet.']);
  });

  it('the element’s own lang wins over its ancestors, and lang="" is skipped', async () => {
    document.body.setAttribute('lang', 'de');
    expect((await mountList({ lang: 'es' })).text('[part="heading"]')).toBe('Sus sesiones');
    expect((await mountList({ lang: '' })).text('[part="heading"]')).toBe('Ihre Sitzungen');
  });

  it('de-AT is German (with Austrian dates); an unknown language is English, dates included', async () => {
    const austrian = await mountList({ lang: 'de-AT' });
    austrian.hub.emit('sessionsList', withOthers(1));
    await austrian.settle();
    expect(austrian.text('[part="heading"]')).toBe('Ihre Sitzungen');
    expect(austrian.root.querySelector('time')!.title).toBe(new Date(NOW - 10 * MINUTE).toLocaleString('de-AT'));

    const unknown = await mountList({ lang: 'xx' });
    unknown.hub.emit('sessionsList', withOthers(1));
    await unknown.settle();
    expect(unknown.text('[part="heading"]')).toBe('Your sessions');
    expect(unknown.text('[part~="session"]:not([part~="current"]) [part="times"]')).toBe(
      'Signed in 10 minutes ago · Last active 5 minutes ago',
    );
    expect(sentences(await mountReason({ lang: 'xx', minutes: 15 }))).toEqual(['You were signed out after 15 minutes without activity.']);
  });

  it('a change of the element’s lang re-renders at once', async () => {
    const f = await mountList({ lang: 'de' });
    expect(f.text('[part="heading"]')).toBe('Ihre Sitzungen');
    f.list.setAttribute('lang', 'fr');
    await f.settle();
    expect(f.text('[part="heading"]')).toBe('Vos sessions');
    f.list.lang = 'es'; // the native property sets the attribute
    await f.settle();
    expect(f.text('[part="heading"]')).toBe('Sus sesiones');
    document.documentElement.lang = 'en-US';
    f.list.removeAttribute('lang');
    await f.settle();
    expect(f.text('[part="heading"]')).toBe('Your sessions');

    const reason = await mountReason({ lang: 'de', minutes: 15 });
    reason.setAttribute('lang', 'es');
    await reason.updateComplete;
    expect(sentences(reason)).toEqual(['Se cerró la sesión tras 15 minutos sin actividad.']);
  });
});

describe('the strings property still wins', () => {
  it('an override of a key beats the language’s table; the other keys stay in that language', async () => {
    const f = await mountAwareness({ lang: 'de', strings: { endSession: 'Beenden', moreNotices: '+{count} en plus', dismiss: 42 } });
    f.element.setAttribute('max-notices', '1');
    for (const [id, browser] of [
      ['a', 'Firefox 130'],
      ['b', 'Chrome 156'],
    ])
      f.hub.emit('sessionRegistered', 'm', id, { browser });
    await f.settle();
    expect(f.buttons()).toEqual(['Beenden', 'Schließen']); // a non-string override is ignored
    // An override of the plural form alone serves the singular too (it was written before moreNoticesOne existed).
    expect(f.text('[part="more"]')).toBe('+1 en plus');

    const list = await mountList({ lang: 'fr', strings: { heading: 'Sessions actives' } });
    expect(list.text('[part="heading"]')).toBe('Sessions actives');
    // describeSignOut takes the language's table from its caller (the element passes the one it loaded): the rest is English.
    const german = { ...DE_SIGNED_OUT_STRINGS, expiredOne: 'Eine Minute.' };
    expect(describeSignOut('expired', { idleMinutes: 1 }, german, 'de')).toEqual(['Eine Minute.']);
    expect(describeSignOut('expired', { idleMinutes: 2 }, german, 'de')).toEqual(['Sie wurden nach 2 Minuten ohne Aktivität abgemeldet.']);
    expect(describeSignOut('expired', { idleMinutes: 2 }, { expiredOne: 'Eine Minute.' }, 'de')).toEqual([
      'You were signed out after 2 minutes without activity.',
    ]);
  });

  it('resolveStrings without a table is English, as before; an override wins over any table', () => {
    expect(resolveStrings(undefined)).toEqual(DEFAULT_STRINGS);
    expect(resolveStrings({ signOut: 'Log out' }, DE_STRINGS).signOut).toBe('Log out');
    expect(resolveStrings({ moreNotices: 'x', moreNoticesOne: 'y' }, FR_STRINGS).moreNoticesOne).toBe('y');
  });
});

describe('language helpers', () => {
  it('match by primary subtag; unknown, empty and malformed tags are English', () => {
    expect(['de', 'de-AT', 'DE-ch', 'de_AT', 'fr-CA', 'es-419', 'en-GB', 'xx', '', 'zz-ZZ'].map(languageOf)).toEqual([
      'de',
      'de',
      'de',
      'de',
      'fr',
      'es',
      'en',
      'en',
      'en',
      'en',
    ]);
    expect(['de-AT', 'DE-ch', 'de_AT', 'xx', '', 'ja-JP', 'es-419'].map(localeOf)).toEqual([
      'de-AT',
      'de-CH',
      'de',
      'en',
      'en',
      'en',
      'es-419',
    ]);
  });

  it('countForm: plural rules pick the form; a singular without the number is for exactly 1', () => {
    expect(countForm('fr', 1, '{count} autre', '{count} autres', 'count')).toBe('1 autre');
    expect(countForm('fr', 0, '{count} autre', '{count} autres', 'count')).toBe('0 autre'); // French: 0 is singular
    expect(countForm('fr', 0, 'l’autre', '{count} autres', 'count')).toBe('0 autres');
    expect(countForm('de', 2, '{count} Minute', '{count} Minuten', 'count')).toBe('2 Minuten');
    expect(countForm('xx-invalid-!', 1, 'one', 'other', 'count')).toBe('one');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('table completeness', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  const tables = [
    ['strings', DEFAULT_STRINGS, { de: DE_STRINGS, fr: FR_STRINGS, es: ES_STRINGS }],
    ['list strings', DEFAULT_LIST_STRINGS, { de: DE_LIST_STRINGS, fr: FR_LIST_STRINGS, es: ES_LIST_STRINGS }],
    ['signed-out strings', DEFAULT_SIGNED_OUT_STRINGS, { de: DE_SIGNED_OUT_STRINGS, fr: FR_SIGNED_OUT_STRINGS, es: ES_SIGNED_OUT_STRINGS }],
  ] as const;

  for (const [name, english, translations] of tables) {
    for (const [lang, table] of Object.entries<object>(translations)) {
      it(`${lang} ${name}: every English key, a non-empty string, the same placeholders`, () => {
        expect(Object.keys(table).sort()).toEqual(Object.keys(english).sort());
        for (const [key, value] of Object.entries<string>(english)) {
          const translated = (table as Record<string, unknown>)[key];
          expect(typeof translated, `${lang}.${key}`).toBe('string');
          expect((translated as string).trim(), `${lang}.${key}`).not.toBe('');
          expect(placeholders(translated as string), `${lang}.${key}`).toEqual(placeholders(value));
        }
      });
    }
  }

  it('French puts a no-break space before ? ! : ; and never a plain one', () => {
    for (const table of [FR_STRINGS, FR_LIST_STRINGS, FR_SIGNED_OUT_STRINGS]) {
      for (const text of Object.values(table)) {
        expect(text, text).not.toMatch(/ [?!:;]/);
        expect(text, text).not.toMatch(/[^\s\u00a0\u202f][?!;]/);
        expect(text, text).not.toMatch(/'/); // the typographic apostrophe
      }
    }
  });
});

describe('the language is marked on what the elements show', () => {
  it('a language without a table falls back to English text marked lang="en"; a known one keeps its tag', async () => {
    const { mount: mountAwareness, unmountAll: unmount } = await import('./support/fixture.js');
    const japanese = await mountAwareness({ lang: 'ja' });
    expect(japanese.root.querySelector('[part="region"]')!.getAttribute('lang')).toBe('en');
    unmount();
    const austrian = await mountAwareness({ lang: 'de-AT' });
    expect(austrian.root.querySelector('[part="region"]')!.getAttribute('lang')).toBe('de-AT');
    unmount();
  });
});
