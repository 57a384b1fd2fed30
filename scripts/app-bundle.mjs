// Builds a small app the way a user's would be built: Vite, resolving `session-awareness/…` through the package's
// `exports` (node_modules/session-awareness links to this repository), minified. Used by bench/sizes.mjs to size
// each entry as an app ships it, and by the package tests to check tree-shaking.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from './server.mjs';

/**
 * Builds an app whose only module is `source` (e.g. `import 'session-awareness/notices';`) and returns its chunks:
 * `{ fileName, code, isEntry, modules }[]`, the entry first. Node resolves the app's imports from the repository.
 */
export async function buildApp(source) {
  const folder = mkdtempSync(join(repoRoot, 'bench', '.sizes-'));
  try {
    mkdirSync(join(folder, 'node_modules'));
    symlinkSync(repoRoot, join(folder, 'node_modules', 'session-awareness'), 'dir');
    writeFileSync(join(folder, 'main.js'), source);
    writeFileSync(join(folder, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      root: folder,
      build: { write: false, minify: true, target: 'es2022', modulePreload: false },
    });
    const results = Array.isArray(output) ? output : [output];
    const chunks = results.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
    return chunks.sort((a, b) => Number(b.isEntry) - Number(a.isEntry));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
