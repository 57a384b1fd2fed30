// French ("vous"; gender-neutral where the English says "you were signed out"). Typography: a narrow
// no-break space (U+202F) before ? and !, a no-break space (U+00A0) before :, the ’ apostrophe.
// Same keys and placeholders as the English table; test/component/i18n.test.ts checks.
// French labels of <session-signed-out-reason>: a chunk of its own, loaded the first time the element renders in French.
import type { SignedOutStrings } from '../signed-out-reason.js';

const table: Readonly<SignedOutStrings> = {
  ended: 'Votre session a été fermée depuis un autre appareil.',
  endedBy: 'Votre session a été fermée depuis un autre appareil ({device}).',
  expired: 'Votre session a été fermée après {minutes} minutes d’inactivité.',
  expiredOne: 'Votre session a été fermée après {minutes} minute d’inactivité.',
  expiredNoMinutes: 'Votre session a été fermée, car elle avait expiré.',
  revoked: 'Votre session a été fermée pour protéger votre compte. Veuillez vous reconnecter.',
  draftsKept: 'Vos modifications non enregistrées ont été conservées et seront restaurées après votre connexion.',
};

export default table;
