// Spanish, in neutral UI style: impersonal where it reads naturally, "usted" where the user is
// addressed. Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// Spanish labels of <session-awareness>: a chunk of its own, loaded the first time the element renders in Spanish.
import type { SessionAwarenessStrings } from '../session-awareness.js';

const table: Readonly<SessionAwarenessStrings> = {
  endSession: 'Finalizar sesión',
  dismiss: 'Descartar',
  staySignedIn: 'Mantener la sesión iniciada',
  signOut: 'Cerrar sesión',
  expiryHeading: 'La sesión está a punto de caducar',
  noticesLabel: 'Avisos de sesión',
  endFailed: 'No se pudo finalizar esa sesión. Inténtelo de nuevo.',
  moreNotices: '+{count} más',
  moreNoticesOne: '+{count} más',
  compactSummary: '{count} avisos de sesión',
  compactSummaryOne: '{count} aviso de sesión',
  showNotices: 'Mostrar',
  hideNotices: 'Ocultar',
  reconnecting: 'Reconectando…',
  sessionEnded: 'La sesión ha finalizado. Vuelva a iniciar sesión para continuar.',
  signedIn: 'Sesión iniciada',
  justNow: 'justo ahora',
  expiryCountdown: 'Por seguridad, la sesión se cerrará en {time}.',
  expiryAnnouncement: 'La sesión caducará en {time}.',
  extendFailed: 'No se pudo conectar con el servidor. Inténtelo de nuevo.',
  draftsRestored: 'Se han restaurado los cambios no guardados.',
  signedInElsewhere: 'Se ha iniciado sesión en su cuenta desde otro navegador o dispositivo.',
  signedInTimes: 'Se ha iniciado sesión en su cuenta {count} veces desde otro navegador o dispositivo.',
  sessionEndedOn: 'Se ha finalizado la sesión en {device}.',
  anotherDevice: 'otro dispositivo',
  browserOnDevice: '{browser} en {device}',
};

export default table;
