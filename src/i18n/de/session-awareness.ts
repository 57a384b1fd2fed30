// German (formal "Sie"). Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// German labels of <session-awareness>: a chunk of its own, loaded the first time the element renders in German.
import type { SessionAwarenessStrings } from '../session-awareness.js';

const table: Readonly<SessionAwarenessStrings> = {
  endSession: 'Sitzung beenden',
  dismiss: 'Schließen',
  staySignedIn: 'Angemeldet bleiben',
  signOut: 'Abmelden',
  expiryHeading: 'Ihre Sitzung läuft bald ab',
  noticesLabel: 'Sitzungshinweise',
  endFailed: 'Die Sitzung konnte nicht beendet werden. Bitte versuchen Sie es erneut.',
  moreNotices: '+{count} weitere',
  moreNoticesOne: '+{count} weitere',
  compactSummary: '{count} Sitzungshinweise',
  compactSummaryOne: '{count} Sitzungshinweis',
  showNotices: 'Anzeigen',
  hideNotices: 'Ausblenden',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  sessionEnded: 'Ihre Sitzung wurde beendet. Melden Sie sich erneut an, um fortzufahren.',
  signedIn: 'Angemeldet',
  justNow: 'gerade eben',
  expiryCountdown: 'Zu Ihrer Sicherheit werden Sie in {time} abgemeldet.',
  expiryAnnouncement: 'Ihre Sitzung läuft in {time} ab.',
  extendFailed: 'Der Server ist nicht erreichbar. Bitte versuchen Sie es erneut.',
  draftsRestored: 'Ihre nicht gespeicherten Änderungen wurden wiederhergestellt.',
  signedInElsewhere: 'Neue Anmeldung bei Ihrem Konto in einem anderen Browser oder auf einem anderen Gerät.',
  signedInTimes: '{count} neue Anmeldungen bei Ihrem Konto in einem anderen Browser oder auf einem anderen Gerät.',
  sessionEndedOn: 'Sitzung auf {device} beendet.',
  anotherDevice: 'einem anderen Gerät',
  browserOnDevice: '{browser} unter {device}',
};

export default table;
