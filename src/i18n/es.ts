// Spanish, in neutral UI style: impersonal where it reads naturally, "usted" where the user is
// addressed. Same keys and placeholders as the English tables; test/component/i18n.test.ts checks.
import type { SessionListStrings } from '../sessions/session-list-strings.js';
import type { SignedOutStrings } from '../signed-out/signed-out-strings.js';
import type { SessionAwarenessStrings } from '../strings.js';

export const ES_STRINGS: Readonly<SessionAwarenessStrings> = {
  endSession: 'Finalizar sesión',
  dismiss: 'Descartar',
  staySignedIn: 'Mantener la sesión iniciada',
  signOut: 'Cerrar sesión',
  expiryHeading: 'La sesión está a punto de caducar',
  noticesLabel: 'Avisos de sesión',
  endFailed: 'No se pudo finalizar esa sesión. Inténtelo de nuevo.',
  moreNotices: '+{count} más',
  moreNoticesOne: '+{count} más',
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

export const ES_LIST_STRINGS: Readonly<SessionListStrings> = {
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
  desktop: 'Computadora',
  mobile: 'Teléfono',
  tablet: 'Tableta',
  unknownDevice: 'Dispositivo desconocido',
  browserOnDevice: '{browser} en {device}',
};

export const ES_SIGNED_OUT_STRINGS: Readonly<SignedOutStrings> = {
  ended: 'Se cerró la sesión desde otro dispositivo.',
  endedBy: 'Se cerró la sesión desde otro dispositivo ({device}).',
  expired: 'Se cerró la sesión tras {minutes} minutos sin actividad.',
  expiredOne: 'Se cerró la sesión tras {minutes} minuto sin actividad.',
  expiredNoMinutes: 'Se cerró la sesión porque había caducado.',
  revoked: 'Se cerró la sesión para proteger su cuenta. Vuelva a iniciar sesión.',
  draftsKept: 'Los cambios no guardados se han conservado y se restaurarán cuando inicie sesión.',
};
