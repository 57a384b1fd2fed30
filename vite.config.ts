import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { minifyTemplateLiterals } from './scripts/minify-template-literals.mjs';

// Three library builds from one config:
//   `vite build`                 → the npm ES modules: dist/session-awareness.js (all three elements) and one
//                                  entry per element (dist/notices.js, dist/list.js, dist/signed-out-reason.js),
//                                  sharing chunks; each language table and the sanitizer are lazy chunks. The
//                                  three dependencies stay imports for the app's bundler.
//   `vite build --mode drop-in`  → dist/session-awareness.min.js, the minified classic script of the one
//                                  <script> tag, and what a page may not need beside it as classic script
//                                  chunks, loaded on first need: dist/drop-in/session-list.<hash>.js, each
//                                  language table (dist/drop-in/de/session-awareness.<hash>.js …) and the
//                                  allow-html sanitizer (dist/drop-in/sanitize.<hash>.js). See dropInChunks().
//   `vite build --mode signed-out` → dist/session-signed-out-reason.min.js, the same for
//                                  sign-in pages: only <session-signed-out-reason>.
const dependencies = [/^lit($|\/)/, /^@lit\//, /^lit-html($|\/)/, /^lit-element($|\/)/, /^@microsoft\/signalr($|\/)/, /^dompurify($|\/)/];

// The sign-in page's script swaps the lazy language tables for its element's three, inside the script.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const signedOutLanguages = [
  replaceModule(source('./src/internal/element-language.ts'), source('./src/drop-in/inline-element-language.ts')),
  replaceModule(source('./src/components/signed-out-reason/strings.ts'), source('./src/drop-in/no-tables.ts')),
];

/** Resolves every import of the module `original` (an absolute path) to `replacement` instead. */
function replaceModule(original: string, replacement: string): Plugin {
  return {
    name: 'session-awareness-replace-module',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === original ? replacement : null;
    },
  };
}

// The drop-in's chunks: what each is built from, and which modules are its own. Every other module a chunk
// imports (Lit, HubElement, the shared hub connection, …) is left out of it and taken, at run time, from the
// first script's instance (see src/drop-in/chunks.ts): a list that brought its own copy of the connection
// registry would open a second socket, and its own Lit a second LitElement. What a chunk leaves out, the first
// script publishes; so a module missing from `own` costs bytes in the first script, never correctness.
const dropInTables = ['de', 'fr', 'es'].flatMap((language) =>
  ['session-awareness', 'session-list'].map((element) => ({
    name: `${language}/${element}`,
    entry: `src/i18n/${language}/${element}.ts`,
    own: [],
  })),
);
const dropInChunkList = [
  {
    name: 'session-list',
    entry: 'src/components/session-list/define.ts',
    // strings.ts: the list's label tables (its own importers), so the first script carries none of them.
    own: [
      'src/components/session-list/session-list.ts',
      'src/components/session-list/session-list-view.ts',
      'src/components/session-list/session-list.styles.ts',
      'src/components/session-list/strings.ts',
      'src/i18n/session-list.ts',
    ],
  },
  { name: 'sanitize', entry: 'src/components/session-awareness/notices/sanitize.ts', own: [] },
  {
    name: 'drafting',
    entry: 'src/components/session-awareness/drafts/draft-controller.ts',
    own: [
      'src/components/session-awareness/drafts/draft-controller.ts',
      'src/components/session-awareness/drafts/draft-crypto.ts',
      'src/components/session-awareness/drafts/form-fields.ts',
      'src/components/session-awareness/drafts/draft.ts',
    ],
  },
  ...dropInTables,
];
// The packages of the first script; the sanitizer's DOMPurify is in no other module, so it stays in its chunk.
const sharedPackages = /^(lit|lit-html|lit-element|@lit\/[^/]+|@microsoft\/signalr)(\/|$)/;
const DROP_IN_GLOBAL = `globalThis[Symbol.for('session-awareness.drop-in')]`;

/** What a chunk of the drop-in is: its file under dist/ and its Subresource Integrity hash. */
interface BuiltChunk {
  file: string;
  integrity: string;
}

/**
 * The drop-in's two-step build: first each chunk (a classic script of its own, IIFE: the format that keeps
 * one script tag, SRI, nonces and Trusted Types working), then the first script, into which the chunks'
 * file names and SRI hashes are baked (virtual:session-awareness/drop-in-chunks) along with the modules
 * the chunks share with it (virtual:session-awareness/drop-in-shared).
 */
function dropInChunks(): Plugin {
  const chunks: Record<string, BuiltChunk> = {};
  const shared = new Set<string>();
  const ids = { chunks: 'virtual:session-awareness/drop-in-chunks', shared: 'virtual:session-awareness/drop-in-shared' };
  return {
    name: 'session-awareness-drop-in-chunks',
    apply: 'build',
    async buildStart() {
      const folder = source('./dist/drop-in/');
      rmSync(folder, { recursive: true, force: true });
      for (const chunk of dropInChunkList) {
        const { code, externals } = await buildDropInChunk(chunk);
        const file = `drop-in/${chunk.name}.${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
        mkdirSync(dirname(source(`./dist/${file}`)), { recursive: true });
        writeFileSync(source(`./dist/${file}`), code);
        chunks[chunk.name] = { file, integrity: `sha384-${createHash('sha384').update(code).digest('base64')}` };
        for (const external of externals) shared.add(external);
      }
    },
    resolveId(id) {
      return id === ids.chunks || id === ids.shared ? `\0${id}` : null;
    },
    load(id) {
      if (id === `\0${ids.chunks}`) return `export const chunks = ${JSON.stringify(chunks)};`;
      if (id !== `\0${ids.shared}`) return null;
      const keys = [...shared].sort();
      const path = (key: string): string => (key.startsWith('src/') ? source(`./${key}`) : key);
      return (
        keys.map((key, index) => `import * as m${index} from ${JSON.stringify(path(key))};`).join('\n') +
        `\nexport const shared = Object.freeze({ ${keys.map((key, index) => `${JSON.stringify(key)}: m${index}`).join(', ')} });\n`
      );
    },
  };
}

/** Builds one chunk of the drop-in; returns its minified code and the keys of the shared modules it imports. */
async function buildDropInChunk(chunk: { name: string; entry: string; own: string[] }): Promise<{ code: string; externals: string[] }> {
  const entryId = `\0session-awareness-drop-in-chunk:${chunk.name}`;
  const own = new Set([chunk.entry, ...chunk.own].map((path) => source(`./${path}`)));
  const externals = new Set<string>();
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    root: source('./'),
    plugins: [
      minifyTemplateLiterals(),
      {
        name: 'session-awareness-drop-in-chunk',
        enforce: 'pre',
        async resolveId(specifier, importer, options) {
          if (specifier === 'virtual:chunk-entry') return entryId;
          if (!importer || importer === entryId) return null;
          const resolved = await this.resolve(specifier, importer, { ...options, skipSelf: true });
          if (!resolved || own.has(resolved.id)) return null;
          // A shared module's key: its path under src/, or the package specifier as written.
          const key = resolved.id.startsWith(source('./src/'))
            ? relative(source('./'), resolved.id)
            : sharedPackages.test(specifier)
              ? specifier
              : null;
          if (key === null) return null;
          externals.add(key);
          return { id: key, external: true };
        },
        load(id) {
          // The chunk hands its module to the first script, which resolves the load it started.
          if (id === entryId)
            return `import * as chunk from ${JSON.stringify(source(`./${chunk.entry}`))};\n${DROP_IN_GLOBAL}.chunkLoaded(${JSON.stringify(chunk.name)}, chunk);\n`;
          return null;
        },
      },
    ],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      rolldownOptions: {
        input: 'virtual:chunk-entry',
        output: { format: 'iife', globals: (key: string) => `${DROP_IN_GLOBAL}.modules[${JSON.stringify(key)}]` },
      },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const code = results.flatMap((result) => ('output' in result ? result.output : [])).find((item) => item.type === 'chunk')?.code;
  if (code === undefined) throw new Error(`the drop-in chunk ${chunk.name} produced no code`);
  return { code, externals: [...externals] };
}

// The drop-in loads its language tables, its sanitizer and its drafting code as chunks (src/drop-in/chunks.ts).
const dropInImports = [
  replaceModule(source('./src/i18n/import-table.ts'), source('./src/drop-in/import-table.ts')),
  replaceModule(source('./src/components/session-awareness/notices/import-sanitizer.ts'), source('./src/drop-in/import-sanitizer.ts')),
  replaceModule(source('./src/components/session-awareness/drafts/import-drafting.ts'), source('./src/drop-in/import-drafting.ts')),
  // The expiry code is no chunk of the drop-in: it stays inside the first script (src/drop-in/import-expiry.ts).
  replaceModule(source('./src/components/session-awareness/expiry/import-expiry.ts'), source('./src/drop-in/import-expiry.ts')),
];

export default defineConfig(({ mode }) => ({
  plugins: [
    minifyTemplateLiterals(),
    ...(mode === 'signed-out' ? signedOutLanguages : []),
    ...(mode === 'drop-in' ? [...dropInImports, dropInChunks()] : []),
  ],

  build:
    mode === 'drop-in' || mode === 'signed-out'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          minify: true,
          target: 'es2022',
          lib:
            mode === 'drop-in'
              ? {
                  entry: 'src/drop-in/session-awareness.ts',
                  formats: ['iife'],
                  name: 'SessionAwarenessDropIn',
                  fileName: () => 'session-awareness.min.js',
                }
              : // The sign-in page's script: only <session-signed-out-reason> (Lit, no SignalR, no DOMPurify).
                {
                  entry: 'src/drop-in/signed-out-reason.ts',
                  formats: ['iife'],
                  name: 'SessionSignedOutReason',
                  fileName: () => 'session-signed-out-reason.min.js',
                },
        }
      : {
          outDir: 'dist',
          emptyOutDir: true,
          minify: false,
          sourcemap: true,
          target: 'es2022',
          lib: {
            entry: {
              'session-awareness': 'src/index.ts',
              notices: 'src/notices.ts',
              list: 'src/list.ts',
              'signed-out-reason': 'src/signed-out-reason.ts',
            },
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
          rolldownOptions: {
            external: dependencies,
            output: {
              // Language tables keep their language and element in their names: dist/chunks/de/session-list-….js.
              chunkFileNames: (chunk) => {
                const table = /\/i18n\/(de|fr|es)\/([a-z-]+)\.ts$/.exec(chunk.facadeModuleId ?? '');
                return table ? `chunks/${table[1]}/${table[2]}-[hash].js` : 'chunks/[name]-[hash].js';
              },
            },
          },
        },
  test: {
    include: ['test/component/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: chromiumLaunchOptions() }),
      instances: [{ browser: 'chromium' }],
      // A desktop window: narrow viewports collapse the notices to one bar, which tests ask for explicitly.
      viewport: { width: 1280, height: 800 },
    },
  },
}));
