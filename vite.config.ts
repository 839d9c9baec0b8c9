import { defineConfig } from 'vite';

// The browser lab (web/) is built from here; see README "The lab". Everything is bundled: the
// built page makes no request outside its own origin (no CDN, no web fonts).
export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  optimizeDeps: { include: ['d3', 'comlink', 'seedrandom', 'zod'] },
});
