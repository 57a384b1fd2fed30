// French ("vous"; gender-neutral where the English says "you were signed out"). Typography: a narrow
// no-break space (U+202F) before ? and !, a no-break space (U+00A0) before :, the ’ apostrophe.
// Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// French labels of <session-list>: a chunk of its own, loaded the first time the element renders in French.
import type { SessionListStrings } from '../session-list.js';

const table: Readonly<SessionListStrings> = {
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

export default table;
