// Servers that some end-to-end tests start themselves: demo instances they stop and start again, and a
// real redis-server. Everything binds to 127.0.0.1 on free ports and is stopped by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identitySampleDll, startServer } from '../../scripts/server.mjs';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A fresh temporary folder, removed by the returned function. */
export function tempFolder(name: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `session-awareness-${name}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A running demo server. */
export interface DemoServer {
  url: string;
  port: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the built demo (demo/server) on a port with extra environment; resolves when it answers. */
export async function startDemo(port: number, env: Record<string, string>): Promise<DemoServer> {
  const server = await startServer({ port, env, quiet: true });
  return { url: server.url, port, stop: (signal) => server.stop(signal) };
}

/** Starts the built ASP.NET Core Identity sample (samples/identity); resolves when it answers. */
export async function startIdentitySample(port: number, env: Record<string, string>): Promise<DemoServer> {
  const server = await startServer({ port, env, quiet: true, dll: identitySampleDll });
  return { url: server.url, port, stop: (signal) => server.stop(signal) };
}

/**
 * A real redis-server (Debian's package, or REDIS_SERVER_PATH) on a free port. `--save ''` (no snapshots)
 * but an append-only file in a temporary folder, so that stopping and starting it keeps the sessions, as a
 * production Redis holding sessions must.
 */
export class RedisServer {
  readonly #data = tempFolder('redis');
  #process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  /** StackExchange.Redis configuration string (REDIS_URL). */
  get url(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const redis = new RedisServer(await freePort());
    await redis.resume();
    return redis;
  }

  /** Starts (again) on the same port and data folder; resolves once it accepts connections. */
  async resume(): Promise<void> {
    const binary = process.env.REDIS_SERVER_PATH || 'redis-server';
    const child = spawn(
      binary,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        this.#data.path,
        '--daemonize',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.#process = child;
    const deadline = Date.now() + 10_000;
    while (!(await this.#answers())) {
      if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: is redis-server installed?`);
      if (Date.now() > deadline) throw new Error(`${binary} did not answer on ${this.url} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server (SIGKILL, as a crash); every write is already in the append-only file. */
  async pause(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child?.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    this.#data.remove();
  }

  // A raw PING over TCP: no client library needed.
  async #answers(): Promise<boolean> {
    const { connect } = await import('node:net');
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  }
}
