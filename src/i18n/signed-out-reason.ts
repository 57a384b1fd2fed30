import { countForm } from './language.js';
import { resolveLabels } from './labels.js';
import { normalizeEndedBy, type SignOutCode } from '../internal/sign-out-record.js';

/** Every sentence the sign-in page may show about a sign-out; override any with `strings`. */
export interface SignedOutStrings {
  /** The session was ended from another device, which is not known. */
  ended: string;
  /** The session was ended from another device; `{device}` becomes e.g. "Firefox 130 on Windows". */
  endedBy: string;
  /** The session expired; `{minutes}` is the idle timeout, used when it is not 1 (plural). */
  expired: string;
  /** The session expired after 1 minute (the singular form); `{minutes}` may be used. */
  expiredOne: string;
  /** The session expired and the idle timeout is not known. */
  expiredNoMinutes: string;
  /** The server revoked the session. */
  revoked: string;
  /** Added when unsaved changes were saved before the page left. */
  draftsKept: string;
}

/** The English defaults. */
export const DEFAULT_SIGNED_OUT_STRINGS: Readonly<SignedOutStrings> = {
  ended: 'You were signed out from another device.',
  endedBy: 'You were signed out from another device ({device}).',
  expired: 'You were signed out after {minutes} minutes without activity.',
  expiredOne: 'You were signed out after {minutes} minute without activity.',
  expiredNoMinutes: 'You were signed out because your session expired.',
  revoked: "You were signed out for your account's security. Please sign in again.",
  draftsKept: 'Your unsaved changes were kept and will be restored after you sign in.',
};

/** What is known about a sign-out besides its code. */
export interface SignOutDetails {
  /** The device that ended the session (plain text from the network), for `ended`. */
  endedBy?: string;
  /** The idle timeout in minutes, for `expired`; rounded, and ignored unless at least 1. */
  idleMinutes?: number;
  /** True when unsaved changes were kept as drafts. */
  draftsKept?: boolean;
}

/** Merges overrides over `table` (the sentences of the element's language, English by default), keeping only string values of known keys. */
export function resolveSignedOutStrings(
  overrides: Partial<SignedOutStrings> | undefined | null,
  table: Readonly<SignedOutStrings> = DEFAULT_SIGNED_OUT_STRINGS,
): SignedOutStrings {
  return resolveLabels(table, overrides ?? undefined);
}

/**
 * The sentences that explain a sign-out, in order. Pure: placeholders are replaced with
 * plain text (never parsed), so the result must be rendered as text, as Lit's text
 * bindings do. `strings` may be partial; missing sentences fall back to English (the element passes its
 * language's table, loaded on demand); `locale`'s plural rules pick `expiredOne` or `expired`.
 */
export function describeSignOut(
  code: SignOutCode,
  details: SignOutDetails = {},
  strings?: Partial<SignedOutStrings> | null,
  locale = 'en',
): string[] {
  const s = resolveSignedOutStrings(strings);
  const sentences: string[] = [];
  switch (code) {
    case 'ended': {
      const device = normalizeEndedBy(details.endedBy);
      // split/join, not String.replace: "$&" or "$'" in device text stays literal.
      sentences.push(device === undefined ? s.ended : s.endedBy.split('{device}').join(device));
      break;
    }
    case 'expired': {
      const minutes = wholeMinutes(details.idleMinutes);
      if (minutes === undefined) sentences.push(s.expiredNoMinutes);
      else sentences.push(countForm(locale, minutes, s.expiredOne, s.expired, 'minutes'));
      break;
    }
    case 'revoked':
      sentences.push(s.revoked);
      break;
    default:
      return []; // not an allow-listed code (a caller without types): say nothing
  }
  if (details.draftsKept === true) sentences.push(s.draftsKept);
  return sentences.filter((sentence) => sentence.trim() !== '');
}

function wholeMinutes(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const minutes = Math.round(value);
  return minutes >= 1 ? minutes : undefined;
}
