// French ("vous"; gender-neutral where the English says "you were signed out"). Typography: a narrow
// no-break space (U+202F) before ? and !, a no-break space (U+00A0) before :, the ’ apostrophe.
// Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// French labels of <session-awareness>: a chunk of its own, loaded the first time the element renders in French.
import type { SessionAwarenessStrings } from '../session-awareness.js';

const table: Readonly<SessionAwarenessStrings> = {
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

export default table;
