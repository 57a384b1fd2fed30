import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSignalRHub } from '../../src/hub/signalr-hub.js';
import { SessionUnauthorizedError } from '../../src/hub/session-hub.js';

// The production adapter over the real @microsoft/signalr client, with the network
// replaced at the browser's edges (fetch for negotiate, WebSocket for the transport), so
// the library's own protocol code runs for real.
const SEPARATOR = '\u001e';

class ScriptedSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static last: ScriptedSocket | undefined;
  readyState = ScriptedSocket.CONNECTING;
  binaryType = 'blob';
  readonly sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    ScriptedSocket.last = this;
    queueMicrotask(() => {
      this.readyState = ScriptedSocket.OPEN;
      this.onopen?.(new Event('open'));
    });
  }

  send(data: string): void {
    this.sent.push(data);
    if (data.includes('"protocol":"json"')) this.receive({}); // handshake accepted
  }

  close(): void {
    this.readyState = ScriptedSocket.CLOSED;
    this.onclose?.(new CloseEvent('close', { code: 1000, wasClean: true }));
  }

  /** A frame from the "server". */
  receive(message: object): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) + SEPARATOR }));
  }
}

function stubNetwork(negotiateStatus: number): string[] {
  const requested: string[] = [];
  vi.stubGlobal('WebSocket', ScriptedSocket);
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    requested.push(input instanceof Request ? input.url : input.toString());
    if (negotiateStatus !== 200) return new Response('', { status: negotiateStatus, statusText: 'Refused' });
    return new Response(
      JSON.stringify({
        negotiateVersion: 1,
        connectionId: 'c',
        connectionToken: 'token',
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  });
  return requested;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('createSignalRHub (the production adapter)', () => {
  it('negotiates, connects, delivers contract methods and sends KillSession', async () => {
    const requested = stubNetwork(200);
    const hub = createSignalRHub({ url: 'http://hub.example/hubs/session' });
    const received: unknown[][] = [];
    hub.on('sessionRegistered', (...args) => received.push(args));
    await hub.start();
    expect(requested[0]).toMatch(/^http:\/\/hub\.example\/hubs\/session\/negotiate\?negotiateVersion=1/);
    const socket = ScriptedSocket.last!;
    socket.receive({ type: 1, target: 'sessionRegistered', arguments: ['m', 'h1', { browser: 'B' }] });
    expect(received).toEqual([['m', 'h1', { browser: 'B' }]]);

    const kill = hub.killSession('h1');
    const frame = await vi.waitFor(() => {
      const found = socket.sent.find((data) => data.includes('KillSession'));
      if (!found) throw new Error('not sent yet');
      return found;
    });
    const invocation = JSON.parse(frame.replace(SEPARATOR, '')) as { target: string; arguments: unknown[]; invocationId: string };
    expect([invocation.target, invocation.arguments]).toEqual(['KillSession', ['h1']]);
    socket.receive({ type: 3, invocationId: invocation.invocationId, error: 'That session could not be ended.' });
    await expect(kill).rejects.toThrow('That session could not be ended.');
    await hub.stop();
  });

  it('logs an unknown server method once, drops it, and keeps working', async () => {
    stubNetwork(200);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const hub = createSignalRHub({ url: '/hubs/session' });
    const received: unknown[][] = [];
    hub.on('sessionClosed', (...args) => received.push(args));
    await hub.start();
    const socket = ScriptedSocket.last!;
    for (let i = 0; i < 3; i++) socket.receive({ type: 1, target: 'stealCookies', arguments: ['<script>'] });
    socket.receive({ type: 1, target: 'sessionClosed', arguments: ['h1'] });
    const unknownLogs = warn.mock.calls.filter(([text]) => String(text).includes('stealcookies'));
    expect(unknownLogs).toHaveLength(1);
    expect(received).toEqual([['h1']]);
    await hub.stop();
  });

  it('turns a 401 on negotiate into SessionUnauthorizedError, and any other failure into a plain error', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    stubNetwork(401);
    await expect(createSignalRHub({ url: '/hubs/session' }).start()).rejects.toBeInstanceOf(SessionUnauthorizedError);
    // Nobody signed in (a public page) is not an error: SignalR's own failure messages are dropped.
    expect([...warn.mock.calls, ...error.mock.calls]).toEqual([]);
    vi.unstubAllGlobals();
    stubNetwork(503);
    const failure = createSignalRHub({ url: '/hubs/session' }).start();
    await expect(failure).rejects.toThrow();
    await expect(failure).rejects.not.toBeInstanceOf(SessionUnauthorizedError);
    // A server that fails is worth a line in the console.
    expect(warn.mock.calls.some(([text]) => String(text).startsWith('[session-awareness]'))).toBe(true);
  });

  it('fires onClose when an open connection drops, not on stop()', async () => {
    stubNetwork(200);
    const hub = createSignalRHub({ url: '/hubs/session' });
    const closes: Array<Error | undefined> = [];
    hub.onClose((error) => closes.push(error));
    await hub.start();
    ScriptedSocket.last!.onclose?.(new CloseEvent('close', { code: 1006, wasClean: false }));
    await vi.waitFor(() => expect(closes).toHaveLength(1));
    expect(closes[0]).toBeInstanceOf(Error);
  });
});
