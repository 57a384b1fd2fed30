import { describe, expect, it } from 'vitest';
import {
  checkSessionClosed,
  checkSessionEnded,
  checkSessionExpiry,
  checkSessionRegistered,
  parseIsoDateTime,
} from '../../src/hub/contract.js';

describe('hub contract guards', () => {
  it('accepts a well-formed sessionRegistered with .NET-style dates and ignores unknown detail keys', () => {
    const checked = checkSessionRegistered([
      'Signed in elsewhere',
      'h4ndle_-',
      { createdAt: '2026-11-21T11:55:00.1234567+00:00', browser: 'Chrome 156', device: 'Linux', future: 1 },
    ]);
    expect(checked).toEqual({
      ok: true,
      value: {
        message: 'Signed in elsewhere',
        sessionId: 'h4ndle_-',
        details: { createdAt: Date.UTC(2026, 10, 21, 11, 55, 0, 123), browser: 'Chrome 156', device: 'Linux' },
      },
    });
  });

  it('accepts sessionRegistered without details or with null details', () => {
    expect(checkSessionRegistered(['m', 'id'])).toMatchObject({ ok: true, value: { details: {} } });
    expect(checkSessionRegistered(['m', 'id', null])).toMatchObject({ ok: true, value: { details: {} } });
  });

  const bad: Array<[string, unknown[]]> = [
    ['no arguments', []],
    ['one argument', ['m']],
    ['an extra argument', ['m', 'id', {}, 'extra']],
    ['a number as message', [42, 'id']],
    ['an empty message', ['   ', 'id']],
    ['an object as message', [{ toString: () => 'x' }, 'id']],
    ['a huge message', ['x'.repeat(4097), 'id']],
    ['a number as sessionId', ['m', 7]],
    ['a sessionId with spaces', ['m', 'a b']],
    ['a sessionId with a control character', ['m', 'a\u0000b']],
    ['a sessionId too long', ['m', 'x'.repeat(129)]],
    ['an array as details', ['m', 'id', []]],
    ['a string as details', ['m', 'id', 'details']],
    ['a number as browser', ['m', 'id', { browser: 5 }]],
    ['a huge device', ['m', 'id', { device: 'd'.repeat(1025) }]],
    ['a non-date createdAt', ['m', 'id', { createdAt: 'yesterday' }]],
    ['a createdAt without offset', ['m', 'id', { createdAt: '2026-11-21T11:55:00' }]],
    ['a class instance as details', ['m', 'id', new Date()]],
  ];
  for (const [name, args] of bad) {
    it(`rejects sessionRegistered with ${name}`, () => {
      expect(checkSessionRegistered(args).ok).toBe(false);
    });
  }

  it('checks sessionClosed, sessionEnded and sessionExpiry', () => {
    expect(checkSessionClosed(['abc'])).toEqual({ ok: true, value: { sessionId: 'abc' } });
    expect(checkSessionClosed([]).ok).toBe(false);
    expect(checkSessionClosed(['abc', 'def']).ok).toBe(false);
    expect(checkSessionClosed([null]).ok).toBe(false);
    expect(checkSessionEnded([])).toEqual({ ok: true, value: {} });
    expect(checkSessionEnded([null])).toEqual({ ok: true, value: {} });
    expect(checkSessionEnded(['bye'])).toEqual({ ok: true, value: { reason: 'bye' } });
    expect(checkSessionEnded([1]).ok).toBe(false);
    expect(checkSessionEnded(['a', 'b', 'c']).ok).toBe(false);
    // The second argument, a code and the device that ended it, is ignored unless well-formed and allow-listed.
    expect(checkSessionEnded(['a', 'b'])).toEqual({ ok: true, value: { reason: 'a' } });
    expect(checkSessionEnded(['a', { code: 'hacked' }])).toEqual({ ok: true, value: { reason: 'a' } });
    expect(checkSessionEnded(['a', { code: 'expired', endedBy: { browser: 'Chrome 156' } }])).toEqual({
      ok: true,
      value: { reason: 'a', code: 'expired' },
    });
    expect(checkSessionEnded(['a', { code: 'ended', endedBy: { browser: 'Chrome 156', device: 'Linux' } }])).toEqual({
      ok: true,
      value: { reason: 'a', code: 'ended', endedBy: 'Chrome 156 on Linux' },
    });
    expect(checkSessionEnded(['a', { code: 'ended', endedBy: { browser: 7, device: 'x'.repeat(5000) } }])).toEqual({
      ok: true,
      value: { reason: 'a', code: 'ended' },
    });
    expect(checkSessionExpiry(['2026-11-21T12:15:00Z', '2026-11-21T12:00:00Z'])).toEqual({
      ok: true,
      value: { expiresAt: Date.UTC(2026, 10, 21, 12, 15), serverNow: Date.UTC(2026, 10, 21, 12) },
    });
    expect(checkSessionExpiry(['2026-11-21T12:15:00Z']).ok).toBe(false);
    expect(checkSessionExpiry(['soon', '2026-11-21T12:00:00Z']).ok).toBe(false);
  });

  it('parses ISO 8601 date-times with offsets only', () => {
    expect(parseIsoDateTime('2026-11-21T12:00:00+02:00')).toBe(Date.UTC(2026, 10, 21, 10));
    expect(parseIsoDateTime('2026-11-21T12:00Z')).toBe(Date.UTC(2026, 10, 21, 12));
    expect(parseIsoDateTime('2026-13-45T99:00:00Z')).toBeUndefined();
    expect(parseIsoDateTime(1700000000000)).toBeUndefined();
    expect(parseIsoDateTime('2026-11-21T12:00:00Z' + ' '.repeat(100))).toBeUndefined();
  });
});
