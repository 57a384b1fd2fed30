import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSessionsSnapshot } from '../../src/hub/contract.js';
import { button, mount, record, unmountAll } from './support/fixture.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(() => localStorage.clear());
afterEach(() => {
  unmountAll();
  localStorage.clear();
});

/** A snapshot with this page's own session, begun at `ownAt`, and others. */
function snapshot(ownAt: number, others: Array<{ id: string; at: number; browser?: string }>): unknown[] {
  return [
    ...others.map(({ id, at, browser }) => ({
      sessionId: id,
      createdAt: iso(at),
      lastActiveAt: iso(at),
      browser: browser ?? 'Firefox 130',
      device: 'Linux',
      current: false,
    })),
    { sessionId: 'own', createdAt: iso(ownAt), lastActiveAt: iso(ownAt), browser: 'Chrome 156', device: 'Linux', current: true },
  ];
}

describe('sessionsSnapshot on (re)connect', () => {
  it('shows a sign-in missed while disconnected, with the default text, and announces it', async () => {
    const f = await mount();
    const announced = record(f.element, 'session-notice');
    const ownAt = f.clock.now() - 10 * MINUTE;

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'later', at: ownAt + 5 * MINUTE }]));
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(f.notices()[0].querySelector('[part="message"]')!.textContent).toBe('Your account was signed in on another browser or device.');
    expect(f.notices()[0].textContent).toContain('Firefox 130');
    expect(announced.map((event) => event.sessionId)).toEqual(['later']);
  });

  it('never shows sessions older than this one, nor this one', async () => {
    const f = await mount();
    const ownAt = f.clock.now() - 10 * MINUTE;

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'older', at: ownAt - MINUTE }]));
    await f.settle();

    expect(f.notices()).toHaveLength(0);
  });

  it('removes the notice of a session that ended while disconnected, and says so', async () => {
    const f = await mount();
    const closed = record(f.element, 'session-closed');
    const ownAt = f.clock.now() - 10 * MINUTE;
    f.hub.emit('sessionRegistered', 'pushed', 'gone');
    f.hub.emit('sessionRegistered', 'pushed', 'stays');
    await f.settle();

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'stays', at: ownAt + MINUTE }]));
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(closed.map((event) => event.sessionId)).toEqual(['gone']);
  });

  it('a cancelled session-notice adds nothing', async () => {
    const f = await mount();
    f.element.addEventListener('session-notice', (event) => event.preventDefault());
    const ownAt = f.clock.now() - 10 * MINUTE;

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'later', at: ownAt + MINUTE }]));
    await f.settle();

    expect(f.notices()).toHaveLength(0);
  });

  it('a dismissed notice stays dismissed after a reload of the page', async () => {
    const ownAtOffset = 10 * MINUTE;
    const first = await mount();
    const ownAt = first.clock.now() - ownAtOffset;
    first.hub.emit(
      'sessionsSnapshot',
      snapshot(ownAt, [
        { id: 'later', at: ownAt + MINUTE },
        { id: 'kept', at: ownAt + 2 * MINUTE, browser: 'Edge 120' },
      ]),
    );
    await first.settle();
    expect(first.notices()).toHaveLength(2);
    button(
      first.notices().find((n) => n.textContent.includes('Firefox 130'))!,
      'Dismiss',
    ).click();
    await first.settle();
    unmountAll();

    const again = await mount();
    again.hub.emit(
      'sessionsSnapshot',
      snapshot(ownAt, [
        { id: 'later', at: ownAt + MINUTE },
        { id: 'kept', at: ownAt + 2 * MINUTE, browser: 'Edge 120' },
      ]),
    );
    await again.settle();

    expect(again.notices()).toHaveLength(1);
    expect(again.notices()[0].textContent).toContain('Edge 120');
  });

  it('dismissals are per session: another session in the same browser gets its own notices', async () => {
    const f = await mount();
    const ownAt = f.clock.now() - 10 * MINUTE;
    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'later', at: ownAt + MINUTE }]));
    await f.settle();
    button(f.notices()[0], 'Dismiss').click();
    await f.settle();

    const entries = snapshot(ownAt, [{ id: 'later', at: ownAt + MINUTE }]).map((entry) =>
      (entry as { current: boolean }).current ? { ...(entry as object), sessionId: 'another-own' } : entry,
    );
    f.hub.emit('sessionsSnapshot', entries);
    await f.settle();

    expect(f.notices()).toHaveLength(1);
  });

  it('garbage in storage counts as nothing dismissed', async () => {
    localStorage.setItem('session-awareness:dismissed:own', '{not json');
    const f = await mount();
    const ownAt = f.clock.now() - 10 * MINUTE;

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'later', at: ownAt + MINUTE }]));
    await f.settle();

    expect(f.notices()).toHaveLength(1);
  });

  it('shows hostile text from a snapshot as text', async () => {
    const f = await mount();
    const ownAt = f.clock.now() - 10 * MINUTE;
    const hostile = '<img src=x onerror="window.__pwned=1">';

    f.hub.emit('sessionsSnapshot', snapshot(ownAt, [{ id: 'later', at: ownAt + MINUTE, browser: hostile }]));
    await f.settle();

    expect(f.notices()[0].textContent).toContain(hostile);
    expect(f.root.querySelector('img')).toBeNull();
  });

  it('drops a malformed snapshot whole, announces it, and keeps the notices', async () => {
    const f = await mount();
    const errors = record(f.element, 'session-protocol-error');
    f.hub.emit('sessionRegistered', 'pushed', 'h1');
    await f.settle();

    f.hub.emit('sessionsSnapshot', [{ sessionId: 'ok', current: true }, { sessionId: 42 }]);
    await f.settle();

    expect(f.notices()).toHaveLength(1);
    expect(errors.map((event) => [event.method, event.problem])).toEqual([['sessionsSnapshot', 'bad session.sessionId']]);
  });
});

describe('checkSessionsSnapshot', () => {
  it("accepts an empty list and entries without optional fields; a missing total is the list's length", () => {
    expect(checkSessionsSnapshot([[]])).toEqual({ ok: true, value: { sessions: [], total: 0 } });
    expect(checkSessionsSnapshot([[{ sessionId: 'a' }]])).toEqual({
      ok: true,
      value: { sessions: [{ sessionId: 'a', current: false, details: {} }], total: 1 },
    });
    expect(checkSessionsSnapshot([[{ sessionId: 'a' }], null])).toEqual({
      ok: true,
      value: { sessions: [{ sessionId: 'a', current: false, details: {} }], total: 1 },
    });
    expect(checkSessionsSnapshot([[{ sessionId: 'a' }], 250])).toMatchObject({ ok: true, value: { total: 250 } });
  });

  it('drops a bad field of an entry, not the entry or the snapshot', () => {
    const checked = checkSessionsSnapshot([
      [{ sessionId: 'a', current: 'yes', createdAt: 'yesterday', browser: 'x'.repeat(2000), device: 7, os: 'Linux', location: 'Berlin' }],
    ]);
    expect(checked).toEqual({
      ok: true,
      value: { sessions: [{ sessionId: 'a', current: false, details: { os: 'Linux', location: 'Berlin' } }], total: 1 },
    });
  });

  it.each([
    [[], '0 arguments'],
    [['nope'], 'bad sessions'],
    [[Array.from({ length: 201 }, (_, i) => ({ sessionId: `s${i}` }))], 'bad sessions'],
    [[[{ sessionId: 'bad id' }]], 'bad session.sessionId'],
    [[[null]], 'bad session'],
    [[[{ sessionId: 'a' }, { sessionId: 'b' }], 1], 'bad total'],
    [[[], -1], 'bad total'],
    [[[], 1.5], 'bad total'],
    [[[], '3'], 'bad total'],
    [[[], Infinity], 'bad total'],
    [[[], 1, 'extra'], '3 arguments'],
  ])('refuses %j', (args, problem) => {
    const checked = checkSessionsSnapshot(args);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problem).toContain(problem);
  });
});
