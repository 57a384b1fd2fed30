import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { minifyTemplateLiterals } from './scripts/minify-template-literals.mjs';

// Three library builds from one config:
//   `vite build`                 → the npm ES modules: dist/session-awareness.js (all three elements) and one
//                                  entry per element (dist/notices.js, dist/list.js, dist/signed-out-reason.js),
//                                  sharing chunks; each language table and the sanitizer are lazy chunks. The
//                                  three dependencies stay imports for the app's bundler.
//   `vite build --mode drop-in`  → dist/session-awareness.min.js, one self-contained,
//                                  minified classic script for a <script> tag.
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

export default defineConfig(({ mode }) => ({
  plugins: [minifyTemplateLiterals(), ...(mode === 'signed-out' ? signedOutLanguages : [])],

  build:
    mode === 'drop-in' || mode === 'signed-out'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          minify: true,
          target: 'es2022',
          lib:
            mode === 'drop-in'
              ? { entry: 'src/drop-in/session-awareness.ts', formats: ['iife'], name: 'SessionAwarenessDropIn', fileName: () => 'session-awareness.min.js' }
              : // The sign-in page's script: only <session-signed-out-reason> (Lit, no SignalR, no DOMPurify).
                { entry: 'src/drop-in/signed-out-reason.ts', formats: ['iife'], name: 'SessionSignedOutReason', fileName: () => 'session-signed-out-reason.min.js' },
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
