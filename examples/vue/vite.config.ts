import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/** The package's custom elements: Vue must leave them to the browser instead of resolving Vue components. */
const customElements = new Set(['session-awareness', 'session-list', 'session-signed-out-reason']);

export default defineConfig({
  // The demo server serves dist/ at /examples/vue/.
  base: '/examples/vue/',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => customElements.has(tag) } } })],
  build: { outDir: 'dist', emptyOutDir: true },
});
