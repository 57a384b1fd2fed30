import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// Served by the demo server at /examples/svelte/ (from this folder's dist/).
export default defineConfig({
  base: '/examples/svelte/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true },
});
