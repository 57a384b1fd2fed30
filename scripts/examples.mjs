// The framework example apps (examples/<name>/) as a user of the npm package would build them: the package is
// packed with `npm pack` (exactly what the registry would serve), each example installs its own locked
// dependencies plus that tarball, type-checks strictly and builds into examples/<name>/dist, which the demo
// server serves at /examples/<name>/ for the end-to-end tests.
//
//   node scripts/examples.mjs            pack, then install, check and build every example
//   node scripts/examples.mjs react vue  only those
//   node scripts/examples.mjs --no-pack react   reuse .pack/session-awareness.tgz as it is
//
// Prints one `example <name>: ok|FAILED` line per example and exits non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './server.mjs';

/** Every example, in the order docs/frameworks.md lists them. */
export const exampleNames = ['react', 'vue', 'svelte', 'angular'];

/** Where the packed package lands, under a name that does not change with the version. */
export const packedTarball = join(repoRoot, '.pack', 'session-awareness.tgz');

const sh = (command, cwd) => {
  console.log(`$ (${relative(repoRoot, cwd) || '.'}) ${command}`);
  return (
    spawnSync(command, { cwd, shell: true, stdio: 'inherit', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } })
      .status === 0
  );
};

/** `npm pack` of the built package (run `npm run build` first) into .pack/session-awareness.tgz. */
export function pack() {
  const folder = join(repoRoot, '.pack');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  if (!sh(`npm pack --silent --pack-destination "${folder}"`, repoRoot)) return false;
  const [tarball] = readdirSync(folder).filter((name) => name.endsWith('.tgz'));
  if (!tarball) return false;
  copyFileSync(join(folder, tarball), packedTarball);
  return true;
}

/**
 * One example: its locked framework dependencies (`npm ci`), then the packed package on top (`--no-save`: the
 * tarball changes with every build, so it is kept out of the example's lockfile), then its strict type check
 * (`npm run check`) and its production build (`npm run build`, into dist/ with base /examples/<name>/).
 */
export function buildExample(name) {
  const folder = join(repoRoot, 'examples', name);
  if (!existsSync(join(folder, 'package.json'))) {
    console.log(`example ${name}: missing`);
    return false;
  }
  const ok =
    sh('npm ci --no-audit --no-fund --loglevel=error', folder) &&
    sh(`npm install --no-save --no-audit --no-fund --loglevel=error "${packedTarball}"`, folder) &&
    sh('npm run --silent check', folder) &&
    sh('npm run --silent build', folder) &&
    existsSync(join(folder, 'dist', 'index.html'));
  console.log(`example ${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const reusePack = args.includes('--no-pack') && existsSync(packedTarball);
  const named = args.filter((arg) => !arg.startsWith('--'));
  const names = named.length > 0 ? named : exampleNames;
  let failed = 0;
  if (!reusePack && !pack()) {
    console.log('npm pack failed');
    process.exit(1);
  }
  for (const name of names) if (!buildExample(name)) failed++;
  process.exit(failed === 0 ? 0 : 1);
}
