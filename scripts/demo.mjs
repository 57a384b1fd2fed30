// npm run demo: builds the widget and the server, serves on 127.0.0.1:${PORT:-5080}.
import { spawn, execSync } from 'node:child_process';
import { repoRoot, serverDll } from './server.mjs';

const port = process.env.PORT ?? '5080';
execSync('npm run --silent build', { cwd: repoRoot, stdio: 'inherit' });
execSync('npm run --silent build:server', { cwd: repoRoot, stdio: 'inherit' });

const server = spawn('dotnet', [serverDll], { cwd: repoRoot, env: { ...process.env, PORT: port }, stdio: 'inherit' });
console.log(`\nsession-awareness demo: http://127.0.0.1:${port}/  (users alice / bob, password demo; Ctrl-C stops)\n`);
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
