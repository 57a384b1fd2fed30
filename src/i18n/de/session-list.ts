// German (formal "Sie"). Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// German labels of <session-list>: a chunk of its own, loaded the first time the element renders in German.
import type { SessionListStrings } from '../session-list.js';

const table: Readonly<SessionListStrings> = {
  heading: 'Ihre Sitzungen',
  thisDevice: 'Dieses Gerät',
  endSession: 'Sitzung beenden',
  endSessionOn: 'Sitzung auf {device} beenden',
  signOut: 'Abmelden',
  signOutThisDevice: 'Auf diesem Gerät abmelden',
  endOthers: 'Alle anderen Sitzungen abmelden',
  confirmEndOthers: 'Alle {count} anderen Sitzungen abmelden? Dort ist dann eine erneute Anmeldung nötig.',
  confirmEndOther: 'Die andere Sitzung abmelden? Dort ist dann eine erneute Anmeldung nötig.',
  confirm: 'Alle abmelden',
  cancel: 'Abbrechen',
  sessionEndedOn: 'Sitzung auf {device} beendet.',
  endedOthers: '{count} andere Sitzungen wurden abgemeldet.',
  endedOther: '1 andere Sitzung wurde abgemeldet.',
  endFailed: 'Die Sitzung konnte nicht beendet werden. Bitte versuchen Sie es erneut.',
  endOthersFailed: 'Die anderen Sitzungen konnten nicht abgemeldet werden. Bitte versuchen Sie es erneut.',
  signedIn: 'Angemeldet {time}',
  lastActive: 'Zuletzt aktiv {time}',
  justNow: 'gerade eben',
  loading: 'Ihre Sitzungen werden geladen…',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  noOthers: 'Sie sind nirgendwo sonst angemeldet.',
  sessionOver: 'Ihre Sitzung wurde beendet.',
  moreSessions: 'und {count} weitere Sitzungen',
  moreSessionsOne: 'und {count} weitere Sitzung',
  desktop: 'Computer',
  mobile: 'Smartphone',
  tablet: 'Tablet',
  unknownDevice: 'Unbekanntes Gerät',
  browserOnDevice: '{browser} unter {device}',
};

export default table;
