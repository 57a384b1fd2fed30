// Starts and stops the built demo server (demo/server) for the demo, tests and benches.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** The demo server's built entry point (`npm run build:server`). */
export const serverDll = fileURLToPath(new URL('../demo/server/bin/Release/net10.0/SessionAwareness.Demo.dll', import.meta.url));
/** The ASP.NET Core Identity sample's built entry point (`npm run build:server`). */
export const identitySampleDll = fileURLToPath(
  new URL('../samples/identity/bin/Release/net10.0/SessionAwareness.Samples.Identity.dll', import.meta.url),
);

/**
 * Starts the server (the demo unless `dll` names another app, in `cwd`) on 127.0.0.1:port with extra environment,
 * resolves once `readyPath` answers 2xx.
 * Returns { url, stop() }.
 * @param {{ port: number, env?: Record<string, string>, quiet?: boolean, dll?: string, cwd?: string, readyPath?: string }} options
 * @returns {Promise<{ url: string, stop(signal?: NodeJS.Signals): Promise<void> }>}
 */
export async function startServer({ port, env = {}, quiet = true, dll = serverDll, cwd = repoRoot, readyPath = '/login' } = {}) {
  if (!existsSync(dll)) throw new Error(`${dll} is missing: run npm run build:server`);
  const child = spawn('dotnet', [dll], {
    cwd,
    env: { ...process.env, PORT: String(port), ASPNETCORE_ENVIRONMENT: 'Production', ...env },
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('server did not start within 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    /** Stops the server: SIGTERM (a clean shutdown) by default, SIGKILL for a crash. */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
