// Spanish, in neutral UI style: impersonal where it reads naturally, "usted" where the user is
// addressed. Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// Spanish labels of <session-list>: a chunk of its own, loaded the first time the element renders in Spanish.
import type { SessionListStrings } from '../session-list.js';

const table: Readonly<SessionListStrings> = {
  heading: 'Sus sesiones',
  thisDevice: 'Este dispositivo',
  endSession: 'Finalizar sesión',
  endSessionOn: 'Finalizar sesión en {device}',
  signOut: 'Cerrar sesión',
  signOutThisDevice: 'Cerrar sesión en este dispositivo',
  endOthers: 'Cerrar todas las demás sesiones',
  confirmEndOthers: '¿Cerrar las otras {count} sesiones? Habrá que volver a iniciar sesión en ellas.',
  confirmEndOther: '¿Cerrar la otra sesión? Habrá que volver a iniciar sesión en ella.',
  confirm: 'Cerrar todas',
  cancel: 'Cancelar',
  sessionEndedOn: 'Se ha finalizado la sesión en {device}.',
  endedOthers: 'Se han cerrado otras {count} sesiones.',
  endedOther: 'Se ha cerrado 1 sesión más.',
  endFailed: 'No se pudo finalizar esa sesión. Inténtelo de nuevo.',
  endOthersFailed: 'No se pudieron cerrar las demás sesiones. Inténtelo de nuevo.',
  signedIn: 'Sesión iniciada {time}',
  lastActive: 'Última actividad {time}',
  justNow: 'justo ahora',
  loading: 'Cargando sus sesiones…',
  reconnecting: 'Reconectando…',
  noOthers: 'No hay ninguna otra sesión iniciada.',
  sessionOver: 'La sesión ha finalizado.',
  moreSessions: 'y {count} sesiones más',
  moreSessionsOne: 'y {count} sesión más',
  desktop: 'Computadora',
  mobile: 'Teléfono',
  tablet: 'Tableta',
  unknownDevice: 'Dispositivo desconocido',
  browserOnDevice: '{browser} en {device}',
};

export default table;
