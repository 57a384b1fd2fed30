// German (formal "Sie"). Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// German labels of <session-signed-out-reason>: a chunk of its own, loaded the first time the element renders in German.
import type { SignedOutStrings } from '../signed-out-reason.js';

const table: Readonly<SignedOutStrings> = {
  ended: 'Sie wurden von einem anderen Gerät aus abgemeldet.',
  endedBy: 'Sie wurden von einem anderen Gerät aus abgemeldet ({device}).',
  expired: 'Sie wurden nach {minutes} Minuten ohne Aktivität abgemeldet.',
  expiredOne: 'Sie wurden nach {minutes} Minute ohne Aktivität abgemeldet.',
  expiredNoMinutes: 'Sie wurden abgemeldet, weil Ihre Sitzung abgelaufen ist.',
  revoked: 'Sie wurden zum Schutz Ihres Kontos abgemeldet. Bitte melden Sie sich erneut an.',
  draftsKept: 'Ihre nicht gespeicherten Änderungen wurden aufbewahrt und werden nach der Anmeldung wiederhergestellt.',
};

export default table;
