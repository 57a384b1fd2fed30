/**
 * The hub contract of docs/contract.md, as types and run-time guards. Everything the server sends
 * is `unknown` until a guard here has checked it: a compromised or buggy server, or a
 * proxy in between, must not be able to make the widget render half a message or throw
 * into the host page.
 */
import { SIGN_OUT_CODES, type SignOutCode } from '../internal/sign-out-record.js';

/** Server → client methods the widget listens to. */
export const SERVER_METHODS = [
  'sessionRegistered',
  'sessionClosed',
  'sessionEnded',
  'sessionExpiry',
  'sessionsSnapshot',
  'sessionsList',
  'draftKey',
] as const;

/** Name of a server → client method of the contract. */
export type ServerMethod = (typeof SERVER_METHODS)[number];

/** Details of another session, as far as the server chose to tell them. */
export interface SessionDetails {
  /** When the other session began, in milliseconds since the epoch. */
  createdAt?: number;
  /** Browser of the other session (from its User-Agent: attacker-controlled text). */
  browser?: string;
  /** Device of the other session (attacker-controlled text). */
  device?: string;
  /** Rough location of the other session. */
  location?: string;
  /** Operating system, parsed on the server (attacker-controlled text). */
  os?: string;
  /** Kind of device, when the server could tell. */
  deviceType?: DeviceType;
  /** When the session last slid, in milliseconds since the epoch (snapshots only). */
  lastActiveAt?: number;
}

/** Kinds of device the server tells apart. */
export type DeviceType = 'desktop' | 'mobile' | 'tablet';

const DEVICE_TYPES: readonly string[] = ['desktop', 'mobile', 'tablet'];

/** A checked `sessionRegistered` message. */
export interface SessionRegistered {
  /** Plain text (or, with `allow-html`, a tiny sanitized HTML subset) to show. */
  message: string;
  /** Opaque public handle of the other session. */
  sessionId: string;
  /** What the server told about the other session. */
  details: SessionDetails;
}

/** A checked `sessionClosed` message. */
export interface SessionClosed {
  /** Opaque public handle of the session that ended. */
  sessionId: string;
}

/** A checked `sessionEnded` message. */
export interface SessionEndedMessage {
  /** Why this session ended, as plain text, if the server said. */
  reason?: string;
  /** Why, as a code, if the server said (newer servers). */
  code?: SignOutCode;
  /** For `ended`: the device that ended it, e.g. "Chrome 156 on Linux" (attacker-influenced text). */
  endedBy?: string;
}

/** A checked `sessionExpiry` message. */
export interface SessionExpiry {
  /** The server's deadline for this session, in ms since the epoch (server clock). */
  expiresAt: number;
  /** The server's clock when it sent the message, in ms since the epoch. */
  serverNow: number;
}

/** One live session of the user in a checked `sessionsSnapshot`. */
export interface SnapshotSession {
  /** Opaque public handle of the session. */
  sessionId: string;
  /** Whether it is this page's own session. */
  current: boolean;
  /** What the server told about it (`createdAt` in ms since the epoch). */
  details: SessionDetails;
}

/**
 * A checked `sessionsSnapshot` (on connect: this session and those that began since it) or `sessionsList` (in
 * answer to `ListSessions()`: all of the user's live sessions): the sessions listed, and how many there are in all.
 */
export interface SessionsSnapshot {
  /** The sessions the server listed (the newest, when it caps the list). */
  sessions: SnapshotSession[];
  /** How many such live sessions the user has, listed or not (at least `sessions.length`). */
  total: number;
}

/** Most sessions a snapshot may list; a longer one is not what a sane server sends. */
export const MAX_SNAPSHOT_SESSIONS = 200;

/** Outcome of checking one message. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Hard limits. A string over its limit is not a message a sane server sends: the whole
 * message is dropped. (What is *shown* is capped far lower, see notices/text.ts.)
 */
export const HARD_LIMITS = { text: 4096, field: 1024, sessionId: 128 } as const;

// Printable ASCII without spaces: the handle goes back to the server in KillSession and
// into no markup, but a strict shape keeps surprises (control characters, megabytes) out.
const SESSION_ID_SHAPE = /^[\x21-\x7e]{1,128}$/;
// ISO 8601 date-time with an explicit offset, as .NET and JavaScript write it.
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** Parses an ISO 8601 date-time with offset into ms since the epoch, or `undefined`. */
export function parseIsoDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  // Date.parse wants at most milliseconds; .NET writes seven fraction digits.
  const fraction = match[2] ? match[2].slice(0, 4).padEnd(4, '0') : '';
  const ms = Date.parse(match[1] + fraction + match[3]);
  return Number.isFinite(ms) ? ms : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkText(value: unknown, limit: number): value is string {
  return typeof value === 'string' && value.length <= limit;
}

function checkArity(args: readonly unknown[], min: number, max: number): string | undefined {
  if (args.length < min) return `${args.length} arguments`;
  if (args.length > max) return `${args.length} arguments`;
  return undefined;
}

/** Checks `sessionRegistered(message, sessionId, details?)`. */
export function checkSessionRegistered(args: readonly unknown[]): Checked<SessionRegistered> {
  const arity = checkArity(args, 2, 3);
  if (arity) return fail(arity);
  const [message, sessionId, rawDetails] = args;
  if (!checkText(message, HARD_LIMITS.text) || message.trim() === '') return fail('bad message');
  if (typeof sessionId !== 'string' || !SESSION_ID_SHAPE.test(sessionId)) return fail('bad sessionId');
  let details: SessionDetails = {};
  if (rawDetails !== undefined && rawDetails !== null) {
    if (!isPlainObject(rawDetails)) return fail('bad details');
    const checked = checkDetails(rawDetails);
    if (!checked.ok) return fail(`bad details.${checked.problem.slice(4)}`);
    details = checked.value;
  }
  return { ok: true, value: { message, sessionId, details } };
}

/** Checks `sessionClosed(sessionId)`. */
export function checkSessionClosed(args: readonly unknown[]): Checked<SessionClosed> {
  const arity = checkArity(args, 1, 1);
  if (arity) return fail(arity);
  const [sessionId] = args;
  if (typeof sessionId !== 'string' || !SESSION_ID_SHAPE.test(sessionId)) return fail('bad sessionId');
  return { ok: true, value: { sessionId } };
}

/**
 * Checks `sessionEnded(reason?, details?)`, details being `{ code, endedBy?: { browser?, device? } }`. An
 * unknown code or a malformed details object is ignored, not fatal: the session ended either way, and the
 * widget must act on that.
 */
export function checkSessionEnded(args: readonly unknown[]): Checked<SessionEndedMessage> {
  const arity = checkArity(args, 0, 2);
  if (arity) return fail(arity);
  const [reason, rawDetails] = args;
  const value: SessionEndedMessage = {};
  if (reason !== undefined && reason !== null) {
    if (!checkText(reason, HARD_LIMITS.text)) return fail('bad reason');
    if (reason.trim() !== '') value.reason = reason;
  }
  if (isPlainObject(rawDetails) && typeof rawDetails.code === 'string' && (SIGN_OUT_CODES as readonly string[]).includes(rawDetails.code)) {
    value.code = rawDetails.code as SignOutCode;
    const by = rawDetails.endedBy;
    if (value.code === 'ended' && isPlainObject(by)) {
      const parts = [by.browser, by.device].filter((part): part is string => checkText(part, HARD_LIMITS.field) && part.trim() !== '');
      if (parts.length > 0) value.endedBy = parts.join(' on ');
    }
  }
  return { ok: true, value };
}

/** Checks `sessionExpiry(expiresAt, serverNow)`. */
export function checkSessionExpiry(args: readonly unknown[]): Checked<SessionExpiry> {
  const arity = checkArity(args, 2, 2);
  if (arity) return fail(arity);
  const expiresAt = parseIsoDateTime(args[0]);
  const serverNow = parseIsoDateTime(args[1]);
  if (expiresAt === undefined || serverNow === undefined) return fail('bad dates');
  return { ok: true, value: { expiresAt, serverNow } };
}

/**
 * Checks the details fields shared by `sessionRegistered` and snapshot entries. `lenient` (snapshots) drops a
 * bad field and keeps the rest: one over-long User-Agent must not hide every session from the list.
 */
function checkDetails(raw: Record<string, unknown>, lenient = false): Checked<SessionDetails> {
  const details: SessionDetails = {};
  // Unknown keys are ignored rather than fatal, so a newer server can add fields.
  for (const key of ['browser', 'device', 'location', 'os'] as const) {
    const field = raw[key];
    if (field === undefined || field === null) continue;
    if (!checkText(field, HARD_LIMITS.field)) {
      if (lenient) continue;
      return fail(`bad ${key}`);
    }
    if (field.trim() !== '') details[key] = field;
  }
  // An unknown kind is not an error (a newer server may know more kinds): it is just not shown.
  if (typeof raw.deviceType === 'string' && DEVICE_TYPES.includes(raw.deviceType)) details.deviceType = raw.deviceType as DeviceType;
  for (const key of ['createdAt', 'lastActiveAt'] as const) {
    if (raw[key] === undefined || raw[key] === null) continue;
    const time = parseIsoDateTime(raw[key]);
    if (time !== undefined) details[key] = time;
    else if (!lenient) return fail(`bad ${key}`);
  }
  return { ok: true, value: details };
}

/**
 * Checks `sessionsSnapshot(sessions, total?)`: the user's live sessions, sent on every (re)connect, and how many
 * there are in all (an older server sends no total: the list's length). A bad field of an entry is dropped (shown
 * as unknown); an entry without a valid handle, or a bad total, drops the whole snapshot (nothing is reconciled
 * from half a message).
 */
export function checkSessionsSnapshot(args: readonly unknown[]): Checked<SessionsSnapshot> {
  const arity = checkArity(args, 1, 2);
  if (arity) return fail(arity);
  const [raw, rawTotal] = args;
  if (!Array.isArray(raw) || raw.length > MAX_SNAPSHOT_SESSIONS) return fail('bad sessions');
  const sessions: SnapshotSession[] = [];
  for (const entry of raw as unknown[]) {
    if (!isPlainObject(entry)) return fail('bad session');
    const { sessionId } = entry;
    if (typeof sessionId !== 'string' || !SESSION_ID_SHAPE.test(sessionId)) return fail('bad session.sessionId');
    const details = checkDetails(entry, true);
    if (details.ok) sessions.push({ sessionId, current: entry.current === true, details: details.value });
  }
  const total = rawTotal ?? sessions.length;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < sessions.length || total > 1_000_000) return fail('bad total');
  return { ok: true, value: { sessions, total } };
}

/** Checks `sessionsList(sessions, total)`: the same shape as `sessionsSnapshot`, listing all of the user's live sessions. */
export const checkSessionsList: (args: readonly unknown[]) => Checked<SessionsSnapshot> = checkSessionsSnapshot;

// 32 bytes in base64url without padding: 43 characters, the last one carrying 2 bits that must be zero.
const DRAFT_KEY_SHAPE = /^[\w-]{42}[AEIMQUYcgkosw048]$/;

/** Checks `draftKey(key)`: the user's draft-encryption key, 32 bytes in base64url. */
export function checkDraftKey(args: readonly unknown[]): Checked<string> {
  const arity = checkArity(args, 1, 1);
  if (arity) return fail(arity);
  return typeof args[0] === 'string' && DRAFT_KEY_SHAPE.test(args[0]) ? { ok: true, value: args[0] } : fail('bad key');
}
