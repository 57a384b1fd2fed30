import {
  DefaultHttpClient,
  HttpClient,
  HttpError,
  HubConnectionBuilder,
  LogLevel,
  type HttpRequest,
  type HttpResponse,
  type ILogger,
} from '@microsoft/signalr';
import { SessionUnauthorizedError, type HubFactory, type SessionHub } from './session-hub.js';

/**
 * Remembers whether the last HTTP request of the connection (negotiate, long polling)
 * was answered 401. SignalR folds the status into an error string; a status code is
 * what tells "signed out" from "server down".
 */
class StatusRecordingHttpClient extends HttpClient {
  /** True when the most recent failed request was a 401. */
  unauthorized = false;

  constructor(private readonly inner: HttpClient) {
    super();
  }

  override async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      const response = await this.inner.send(request);
      this.unauthorized = false;
      return response;
    } catch (error) {
      this.unauthorized = error instanceof HttpError && error.statusCode === 401;
      throw error;
    }
  }

  override getCookieString(url: string): string {
    return this.inner.getCookieString(url);
  }
}

/**
 * Forwards SignalR's warnings and errors to the console once each: a reconnect loop or
 * a server calling unknown methods must not flood the host page's console. While a start
 * is under way it holds them: a start refused with 401 (nobody signed in on a public page)
 * or stopped by the widget is not an error, and its messages are dropped.
 */
class OnceLogger implements ILogger {
  readonly #seen = new Set<string>();
  #held: string[] | undefined;

  log(level: LogLevel, message: string): void {
    if (level < LogLevel.Warning) return;
    if (this.#held) this.#held.push(message);
    else this.#write(message);
  }

  /** Holds messages until {@link release}. */
  hold(): void {
    this.#held = [];
  }

  /** Writes the held messages, or drops them. */
  release(write: boolean): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    if (write) for (const message of held) this.#write(message);
  }

  #write(message: string): void {
    if (this.#seen.has(message)) return;
    if (this.#seen.size < 100) this.#seen.add(message);
    console.warn(`[session-awareness] ${message}`);
  }
}

/** The production {@link HubFactory}: a `@microsoft/signalr` connection, cookies or a token. */
export const createSignalRHub: HubFactory = (options) => {
  const logger = new OnceLogger();
  const httpClient = new StatusRecordingHttpClient(new DefaultHttpClient(logger));
  // No withAutomaticReconnect(): the element's ConnectionController owns reconnection,
  // so first starts and reconnects share one jittered, never-ending policy and the
  // `online` event can cut a wait short.
  const connection = new HubConnectionBuilder()
    .withUrl(options.url, {
      httpClient,
      withCredentials: true,
      ...(options.accessTokenFactory ? { accessTokenFactory: options.accessTokenFactory } : {}),
    })
    .configureLogging(logger)
    .build();

  let stopped = false;
  const hub: SessionHub = {
    async start() {
      stopped = false;
      logger.hold();
      try {
        await connection.start();
        logger.release(true);
      } catch (error) {
        logger.release(!httpClient.unauthorized && !stopped);
        if (httpClient.unauthorized) throw new SessionUnauthorizedError();
        throw error;
      }
    },
    stop: () => {
      stopped = true;
      return connection.stop();
    },
    on: (method, handler) => connection.on(method, handler),
    onClose: (callback) => connection.onclose(callback),
    killSession: (sessionId) => connection.invoke('KillSession', sessionId),
    listSessions: () => connection.invoke('ListSessions'),
    endOtherSessions: async () => {
      // A count from the network: anything but a small non-negative integer reads as "some".
      const ended: unknown = await connection.invoke('EndOtherSessions');
      return typeof ended === 'number' && Number.isInteger(ended) && ended >= 0 && ended <= 10_000 ? ended : 0;
    },
  };
  return hub;
};
