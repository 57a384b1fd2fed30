// French ("vous"; gender-neutral where the English says "you were signed out"). Typography: a narrow
// no-break space (U+202F) before ? and !, a no-break space (U+00A0) before :, the ’ apostrophe.
// Same keys and placeholders as the English tables; test/component/i18n.test.ts checks.
import type { SessionListStrings } from '../sessions/session-list-strings.js';
import type { SignedOutStrings } from '../signed-out/signed-out-strings.js';
import type { SessionAwarenessStrings } from '../strings.js';

export const FR_STRINGS: Readonly<SessionAwarenessStrings> = {
  endSession: 'Mettre fin à la session',
  dismiss: 'Ignorer',
  staySignedIn: 'Rester connecté',
  signOut: 'Se déconnecter',
  expiryHeading: 'Votre session va bientôt expirer',
  noticesLabel: 'Notifications de session',
  endFailed: 'Impossible de mettre fin à cette session. Veuillez réessayer.',
  moreNotices: '+{count} autres',
  moreNoticesOne: '+{count} autre',
  compactSummary: '{count} avis de session',
  compactSummaryOne: '{count} avis de session',
  showNotices: 'Afficher',
  hideNotices: 'Masquer',
  reconnecting: 'Reconnexion…',
  sessionEnded: 'Votre session a pris fin. Reconnectez-vous pour continuer.',
  signedIn: 'Connexion',
  justNow: 'à l’instant',
  expiryCountdown: 'Pour votre sécurité, votre session sera fermée dans {time}.',
  expiryAnnouncement: 'Votre session expirera dans {time}.',
  extendFailed: 'Impossible de joindre le serveur. Veuillez réessayer.',
  draftsRestored: 'Vos modifications non enregistrées ont été restaurées.',
  signedInElsewhere: 'Nouvelle connexion à votre compte depuis un autre navigateur ou appareil.',
  signedInTimes: '{count} nouvelles connexions à votre compte depuis un autre navigateur ou appareil.',
  sessionEndedOn: 'La session sur {device} a pris fin.',
  anotherDevice: 'un autre appareil',
  browserOnDevice: '{browser} sous {device}',
};

export const FR_LIST_STRINGS: Readonly<SessionListStrings> = {
  heading: 'Vos sessions',
  thisDevice: 'Cet appareil',
  endSession: 'Mettre fin à la session',
  endSessionOn: 'Mettre fin à la session sur {device}',
  signOut: 'Se déconnecter',
  signOutThisDevice: 'Se déconnecter de cet appareil',
  endOthers: 'Déconnecter toutes les autres sessions',
  confirmEndOthers: 'Déconnecter les {count} autres sessions\u202f? Il faudra s’y connecter à nouveau.',
  confirmEndOther: 'Déconnecter l’autre session\u202f? Il faudra s’y connecter à nouveau.',
  confirm: 'Tout déconnecter',
  cancel: 'Annuler',
  sessionEndedOn: 'La session sur {device} a pris fin.',
  endedOthers: '{count} autres sessions ont été déconnectées.',
  endedOther: '1 autre session a été déconnectée.',
  endFailed: 'Impossible de mettre fin à cette session. Veuillez réessayer.',
  endOthersFailed: 'Impossible de déconnecter les autres sessions. Veuillez réessayer.',
  signedIn: 'Connexion {time}',
  lastActive: 'Dernière activité {time}',
  justNow: 'à l’instant',
  loading: 'Chargement de vos sessions…',
  reconnecting: 'Reconnexion…',
  noOthers: 'Aucune autre session n’est ouverte.',
  sessionOver: 'Votre session a pris fin.',
  moreSessions: 'et {count} autres sessions',
  moreSessionsOne: 'et {count} autre session',
  desktop: 'Ordinateur',
  mobile: 'Téléphone',
  tablet: 'Tablette',
  unknownDevice: 'Appareil inconnu',
  browserOnDevice: '{browser} sous {device}',
};

export const FR_SIGNED_OUT_STRINGS: Readonly<SignedOutStrings> = {
  ended: 'Votre session a été fermée depuis un autre appareil.',
  endedBy: 'Votre session a été fermée depuis un autre appareil ({device}).',
  expired: 'Votre session a été fermée après {minutes} minutes d’inactivité.',
  expiredOne: 'Votre session a été fermée après {minutes} minute d’inactivité.',
  expiredNoMinutes: 'Votre session a été fermée, car elle avait expiré.',
  revoked: 'Votre session a été fermée pour protéger votre compte. Veuillez vous reconnecter.',
  draftsKept: 'Vos modifications non enregistrées ont été conservées et seront restaurées après votre connexion.',
};
