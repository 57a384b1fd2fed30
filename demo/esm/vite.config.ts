import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds the "npm import" demo page against the package's *built* ES module, so the
// end-to-end test proves the published artifact works in an app bundler.
const root = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root,
  base: '/esm/',
  resolve: {
    alias: {
      'session-awareness': fileURLToPath(new URL('../../dist/session-awareness.js', import.meta.url)),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
