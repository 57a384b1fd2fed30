// Bundle sizes against the dependency floor: what a page downloads for the widget, next to what it would
// download for Lit, SignalR (and DOMPurify) alone, built the same way. The difference is the widget's own
// code: elements, translations, the sanitizer's rules, the compact bar… Sizes are gzip -9 (Node's zlib),
// the method the bundle budget test uses. Run by `npm run bench`; alone: `node bench/sizes.mjs` after
// `npm run build`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { buildApp } from '../scripts/app-bundle.mjs';
import { repoRoot } from '../scripts/server.mjs';

const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

// The floors keep exactly the dependency exports the widget imports (src/), so that tree-shaking keeps what it
// keeps in the widget: LitElement, html, css, nothing; SignalR's builder, HttpClient, DefaultHttpClient, HttpError, LogLevel;
// DOMPurify.
const floorImports = {
  lit: `import { LitElement, html, css, nothing } from 'lit';`,
  signalr: `import { DefaultHttpClient, HttpClient, HttpError, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';`,
  dompurify: `import DOMPurify from 'dompurify';`,
};
const floorUses = {
  lit: 'LitElement, html, css, nothing',
  signalr: 'DefaultHttpClient, HttpClient, HttpError, HubConnectionBuilder, LogLevel',
  dompurify: 'DOMPurify',
};

/** Builds `source` (a module in a temporary folder inside the repository, so node_modules resolve) and returns its chunks. */
async function bundle(source, format) {
  const folder = mkdtempSync(join(repoRoot, 'bench', '.sizes-'));
  try {
    const entry = join(folder, 'entry.js');
    writeFileSync(entry, source);
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      root: folder,
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: { entry, formats: [format], name: 'Floor', fileName: () => 'entry.js' },
      },
    });
    const results = Array.isArray(output) ? output : [output];
    return results.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Gzip size of a floor made of the named dependencies, as one minified script. */
async function floor(dependencies, format) {
  const source = `${dependencies.map((name) => floorImports[name]).join('\n')}
globalThis.__floor = { ${dependencies.map((name) => floorUses[name]).join(', ')} };\n`;
  const chunks = await bundle(source, format);
  return chunks.reduce((sum, chunk) => sum + gzip(chunk.code), 0);
}

/** The drop-in's chunks (dist/drop-in/…), each with its gzip size, by name ("session-list", "de/session-awareness"). */
function dropInChunks() {
  const folder = join(repoRoot, 'dist', 'drop-in');
  return readdirSync(folder, { recursive: true })
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ name: file.replace(/\.[0-9a-f]{8}\.js$/, ''), bytes: gzip(readFileSync(join(folder, file))) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * An app that imports one entry of the package (nothing else, no allow-html), built as an app is (scripts/app-bundle.mjs):
 * its entry chunk against the same app built from the dependencies alone. Lazy chunks (the sanitizer, language
 * tables) are listed apart: a page fetches them only when it needs them.
 */
async function esmApp(entry, dependencies) {
  const chunks = await buildApp(`import 'session-awareness${entry === '.' ? '' : `/${entry}`}';\n`);
  const [main, ...lazy] = chunks;
  const floorSource = `${dependencies.map((name) => floorImports[name]).join('\n')}
globalThis.__floor = { ${dependencies.map((name) => floorUses[name]).join(', ')} };\n`;
  const [floorChunk] = await buildApp(floorSource);
  return {
    bytes: gzip(main.code),
    floor: gzip(floorChunk.code),
    lazy: lazy.map((chunk) => ({ file: chunk.fileName, bytes: gzip(chunk.code) })),
  };
}

/**
 * The ESM entries an app may import, with the dependencies each carries.
 * @type {Array<[string, Array<'lit' | 'signalr' | 'dompurify'>]>}
 */
export const esmEntries = [
  ['notices', ['lit', 'signalr']],
  ['list', ['lit', 'signalr']],
  ['signed-out-reason', ['lit']],
  ['.', ['lit', 'signalr']],
];

/** Sizes of the drop-in, of the sign-in page script, and of an app per ESM entry, each against its floor. */
export async function measureSizes() {
  const dropIn = gzip(readFileSync(join(repoRoot, 'dist', 'session-awareness.min.js')));
  const signedOut = gzip(readFileSync(join(repoRoot, 'dist', 'session-signed-out-reason.min.js')));
  const esm = {};
  for (const [entry, dependencies] of esmEntries) esm[entry] = await esmApp(entry, dependencies);
  return {
    // The drop-in's first script has no DOMPurify any more (the sanitizer is a chunk): the issue's floor keeps it,
    // and the Lit + SignalR floor is the honest one for what the first script itself holds.
    dropIn: {
      bytes: dropIn,
      floor: await floor(['lit', 'signalr', 'dompurify'], 'iife'),
      floorWithoutSanitizer: await floor(['lit', 'signalr'], 'iife'),
      chunks: dropInChunks(),
    },
    esm,
    signedOut: { bytes: signedOut, floor: await floor(['lit'], 'iife') },
  };
}

/** One line per bundle: size, floor, and the widget's own share. */
export function formatSizes(sizes) {
  const line = (label, { bytes, floor }) =>
    `${label}: ${bytes.toLocaleString('en')} B gzip; dependency floor ${floor.toLocaleString('en')} B; the widget's own code ${(bytes - floor).toLocaleString('en')} B (${((bytes / floor - 1) * 100).toFixed(0)} % over the floor)`;
  const lazy = (chunks) =>
    chunks.length
      ? `; lazy chunks, fetched only when needed: ${chunks.map((chunk) => `${chunk.file.replace(/^assets\//, '')} ${chunk.bytes.toLocaleString('en')} B`).join(', ')}`
      : '';
  return [
    line('drop-in first script (Lit, SignalR inside) against Lit + SignalR + DOMPurify', sizes.dropIn),
    line('drop-in first script against Lit + SignalR', { bytes: sizes.dropIn.bytes, floor: sizes.dropIn.floorWithoutSanitizer }),
    `drop-in chunks, each loaded on first need: ${sizes.dropIn.chunks.map(({ name, bytes }) => `${name} ${bytes.toLocaleString('en')} B`).join(', ')}`,
    ...esmEntries.map(
      ([entry]) =>
        line(`app importing session-awareness${entry === '.' ? '' : `/${entry}`} (ESM, text only)`, sizes.esm[entry]) +
        lazy(sizes.esm[entry].lazy),
    ),
    line('sign-in page script (Lit)', sizes.signedOut),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const text of formatSizes(await measureSizes())) console.log(text);
}
