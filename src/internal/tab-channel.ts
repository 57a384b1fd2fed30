import { parseSignOutCode, type SignOutCode } from './sign-out-record.js';

/** Messages the tabs of one origin exchange about the session. */
export type TabMessage =
  | { type: 'deadline'; deadline: number } // local-clock deadline (same machine, same clock)
  | { type: 'activity'; at: number }
  | { type: 'keepalive'; at: number } // the leader sent one
  | { type: 'extended'; deadline: number } // Stay signed in: close the warning everywhere
  | { type: 'warning'; deadline: number } // one tab opened the warning: a throttled tab follows
  | { type: 'warning-check'; at: number } // one tab is asking the server before the warning: the others wait for its news
  | { type: 'dismissed'; sessionId: string }
  | { type: 'ended'; code?: SignOutCode } // the code, so that every tab keeps or deletes drafts alike
  | { type: 'signed-out' };

const NUMBER_FIELD: Record<string, string | undefined> = {
  deadline: 'deadline',
  activity: 'at',
  keepalive: 'at',
  extended: 'deadline',
  warning: 'deadline',
  'warning-check': 'at',
};

/** Checks a message from another tab (any script of the origin can post to the channel). */
export function checkTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  const { type } = message;
  if (type === 'ended') {
    const code = parseSignOutCode(message.code);
    return code ? { type, code } : { type };
  }
  if (type === 'signed-out') return { type };
  if (type === 'dismissed') {
    return typeof message.sessionId === 'string' && message.sessionId.length <= 128 ? { type, sessionId: message.sessionId } : undefined;
  }
  const field = typeof type === 'string' ? NUMBER_FIELD[type] : undefined;
  if (!field || typeof message[field] !== 'number' || !Number.isFinite(message[field])) return undefined;
  return message as TabMessage;
}

/** The channel of the widgets of one hub: every element, in every tab, that names the same `hub-url`. */
export const tabChannelName = (hubUrl: string | null): string => `session-awareness:${hubUrl ?? ''}`;

/**
 * A BroadcastChannel shared by the widgets of every tab of the origin. Where the browser
 * lacks BroadcastChannel, tabs simply do not hear each other (each still works alone).
 */
export class TabChannel {
  readonly #channel: BroadcastChannel | undefined;

  constructor(name: string, onMessage: (message: TabMessage) => void) {
    this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
    this.#channel?.addEventListener('message', (event: MessageEvent) => {
      const message = checkTabMessage(event.data);
      if (message) onMessage(message);
    });
  }

  /** Tells every other tab. */
  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // closed channel: nothing to tell
    }
  }

  /** Stops listening. */
  close(): void {
    this.#channel?.close();
  }
}
