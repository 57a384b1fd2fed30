import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumLaunchOptions } from './scripts/chromium.mjs';
import { minifyTemplateLiterals } from './scripts/minify-template-literals.mjs';

// Two library builds from one config:
//   `vite build`                 → dist/session-awareness.js, the npm ES module; its three
//                                  dependencies stay imports for the app's bundler.
//   `vite build --mode drop-in`  → dist/session-awareness.min.js, one self-contained,
//                                  minified classic script for a <script> tag.
//   `vite build --mode signed-out` → dist/session-signed-out-reason.min.js, the same for
//                                  sign-in pages: only <session-signed-out-reason>.
const dependencies = [/^lit($|\/)/, /^@lit\//, /^lit-html($|\/)/, /^lit-element($|\/)/, /^@microsoft\/signalr($|\/)/, /^dompurify($|\/)/];

export default defineConfig(({ mode }) => ({
  plugins: [minifyTemplateLiterals()],
  build:
    mode === 'drop-in' || mode === 'signed-out'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          minify: true,
          target: 'es2022',
          lib:
            mode === 'drop-in'
              ? { entry: 'src/drop-in.ts', formats: ['iife'], name: 'SessionAwarenessDropIn', fileName: () => 'session-awareness.min.js' }
              : // The sign-in page's script: only <session-signed-out-reason> (Lit, no SignalR, no DOMPurify).
                {
                  entry: 'src/signed-out/drop-in.ts',
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
            entry: 'src/index.ts',
            formats: ['es'],
            fileName: () => 'session-awareness.js',
          },
          rolldownOptions: { external: dependencies },
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
