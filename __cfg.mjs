import { build } from 'vite';
import { minifyTemplateLiterals } from './scripts/minify-template-literals.mjs';
await build({ configFile: false, logLevel: 'silent', plugins:[minifyTemplateLiterals()], build: { outDir: '/tmp/sz/own', emptyOutDir: true, minify: true, target: 'es2022', lib: { entry: process.argv[2], formats: ['iife'], name:'X', fileName: () => 'x.js' }, rollupOptions: { external: [/^lit/, /^@lit/, /^@microsoft/, /^dompurify/], output: { globals: (id) => 'G' + id.length } } } });
