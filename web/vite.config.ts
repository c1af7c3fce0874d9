import { defineConfig } from 'vite';

// No React plugin: esbuild's automatic JSX runtime is all this UI needs (no fast refresh).
export default defineConfig({
  root: import.meta.dirname,
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  // `npm run dev:web` talks to a local `rampart serve` for /api.
  server: { proxy: { '/api': 'http://127.0.0.1:7070' } },
});
