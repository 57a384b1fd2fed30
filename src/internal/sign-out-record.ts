import { visibleText } from './visible-text.js';

/**
 * A note, left in sessionStorage by the page that is about to leave, of why this tab's
 * user was signed out, so that the sign-in page can say it once. Every function takes the
 * storage as an argument (it may be missing, or throw when the browser blocks it) and
 * never throws; everything read back is checked at run time, as any script of the origin
 * (or an older version of this code) may have written the key.
 */

/** Why the user was signed out: ended from another device, revoked by the server, or expired. */
export type SignOutCode = 'ended' | 'revoked' | 'expired';

/** The allow-list of sign-out codes; nothing else is ever read from storage or the URL. */
export const SIGN_OUT_CODES: readonly SignOutCode[] = Object.freeze(['ended', 'revoked', 'expired'] as const);

/** The sessionStorage key of the record. */
export const SIGN_OUT_STORAGE_KEY = 'session-awareness:signed-out';

/** The URL query parameter the server appends to its redirect to the sign-in page. */
export const SIGN_OUT_URL_PARAM = 'signedOutReason';

/** Most characters of `endedBy` kept; longer text is cut and ends with "…". */
export const ENDED_BY_LIMIT = 120;

/** A record older than this (10 minutes) is stale: the user did not come from the sign-out. */
export const SIGN_OUT_MAX_AGE_MS = 10 * 60_000;

/** A record dated further ahead than this (1 minute, clock skew between tabs) is rejected. */
export const SIGN_OUT_MAX_FUTURE_MS = 60_000;

/** Why and how the user was signed out, as written before the page left. */
export interface SignOutRecord {
  /** The reason. */
  code: SignOutCode;
  /** The device that ended the session, as the server described it (plain text), if known. */
  endedBy?: string;
  /** True when unsaved changes were saved as drafts before leaving. */
  draftsKept: boolean;
  /** When the user was signed out, in milliseconds since the Unix epoch. */
  at: number;
}

/** The storage methods used; a real `Storage` fits. */
export type SignOutStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Returns the value if it is an allow-listed sign-out code (exact, case-sensitive), else undefined. */
export function parseSignOutCode(value: unknown): SignOutCode | undefined {
  return typeof value === 'string' && (SIGN_OUT_CODES as readonly string[]).includes(value) ? (value as SignOutCode) : undefined;
}

/**
 * Removes invisible and reordering characters from device text (see visible-text.ts), trims it and caps it at
 * {@link ENDED_BY_LIMIT} code points; empty or non-text → undefined.
 */
export function normalizeEndedBy(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = visibleText(value).trim();
  if (!trimmed) return undefined;
  const codePoints = Array.from(trimmed);
  return codePoints.length <= ENDED_BY_LIMIT ? trimmed : codePoints.slice(0, ENDED_BY_LIMIT - 1).join('') + '…';
}

/**
 * Writes the record under {@link SIGN_OUT_STORAGE_KEY}, replacing any earlier one.
 * Returns false (and writes nothing) when the record is invalid or storage is missing,
 * blocked or full.
 */
export function recordSignOut(storage: SignOutStorage | undefined | null, record: SignOutRecord): boolean {
  const checked = checkRecord(record);
  if (!checked || !storage) return false;
  try {
    storage.setItem(SIGN_OUT_STORAGE_KEY, JSON.stringify(checked));
    return true;
  } catch {
    return false; // blocked (sandboxed frame, privacy settings) or over quota
  }
}

/**
 * Reads and removes the record (it is shown once). Returns undefined when there is none,
 * when it is malformed (not JSON, wrong types, unknown code), when it is older than
 * {@link SIGN_OUT_MAX_AGE_MS} or dated more than {@link SIGN_OUT_MAX_FUTURE_MS} after `now`,
 * or when storage is missing or blocked. A rejected record is removed too.
 */
export function takeSignOut(storage: SignOutStorage | undefined | null, now: number): SignOutRecord | undefined {
  if (!storage) return undefined;
  let raw: string | null;
  try {
    raw = storage.getItem(SIGN_OUT_STORAGE_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    storage.removeItem(SIGN_OUT_STORAGE_KEY);
  } catch {
    // Could not remove: still show it this once; a later page rejects it when stale.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const record = checkRecord(parsed);
  if (!record || typeof now !== 'number' || !Number.isFinite(now)) return undefined;
  if (now - record.at > SIGN_OUT_MAX_AGE_MS || record.at - now > SIGN_OUT_MAX_FUTURE_MS) return undefined;
  return record;
}

/**
 * Reads the sign-out code from a query string (`location.search`, with or without "?").
 * Only an allow-listed code given exactly once counts; anything else (other values,
 * a repeated parameter, a malformed query) gives undefined. The value is never echoed.
 */
export function signOutCodeFromUrl(search: string, param: string = SIGN_OUT_URL_PARAM): SignOutCode | undefined {
  if (typeof search !== 'string' || typeof param !== 'string' || !param) return undefined;
  try {
    const values = new URLSearchParams(search).getAll(param);
    return values.length === 1 ? parseSignOutCode(values[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a value's shape at run time and returns a clean copy (unknown keys dropped), or undefined. */
function checkRecord(value: unknown): SignOutRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const candidate = value as Record<string, unknown>;
  const code = parseSignOutCode(candidate.code);
  const { draftsKept, at, endedBy } = candidate;
  if (!code || typeof draftsKept !== 'boolean' || typeof at !== 'number' || !Number.isFinite(at)) return undefined;
  if (endedBy !== undefined && typeof endedBy !== 'string') return undefined;
  const device = normalizeEndedBy(endedBy);
  return device === undefined ? { code, draftsKept, at } : { code, endedBy: device, draftsKept, at };
}
