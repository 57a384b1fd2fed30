import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  // `<script lang="ts">` in .svelte files; also read by svelte-check.
  preprocess: vitePreprocess(),
  // Runes mode everywhere (the Svelte 5 default for new syntax, made explicit).
  compilerOptions: { runes: true },
};
