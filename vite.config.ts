import { defineConfig } from 'vite';

// The browser lab (web/) is built from here; see README "The lab".
export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist/web', emptyOutDir: true },
  optimizeDeps: { include: ['d3', 'comlink', 'seedrandom'] },
});
