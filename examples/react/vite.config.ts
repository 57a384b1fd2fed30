import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo server serves dist/ at /examples/react/.
export default defineConfig({
  base: '/examples/react/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});
