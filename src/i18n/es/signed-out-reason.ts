// Spanish, in neutral UI style: impersonal where it reads naturally, "usted" where the user is
// addressed. Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// Spanish labels of <session-signed-out-reason>: a chunk of its own, loaded the first time the element renders in Spanish.
import type { SignedOutStrings } from '../signed-out-reason.js';

const table: Readonly<SignedOutStrings> = {
  ended: 'Se cerró la sesión desde otro dispositivo.',
  endedBy: 'Se cerró la sesión desde otro dispositivo ({device}).',
  expired: 'Se cerró la sesión tras {minutes} minutos sin actividad.',
  expiredOne: 'Se cerró la sesión tras {minutes} minuto sin actividad.',
  expiredNoMinutes: 'Se cerró la sesión porque había caducado.',
  revoked: 'Se cerró la sesión para proteger su cuenta. Vuelva a iniciar sesión.',
  draftsKept: 'Los cambios no guardados se han conservado y se restaurarán cuando inicie sesión.',
};

export default table;
