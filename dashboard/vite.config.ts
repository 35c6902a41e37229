// Builds the analyst dashboard into dist/dashboard/app (served by the gateway at /dashboard/).
// `npm run build` runs it after tsc; `npm run dev:dashboard` serves it with live reload against a
// gateway on 127.0.0.1:8080 (DASHBOARD_GATEWAY overrides).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  // Preact's JSX through esbuild: no Babel preset needed
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard/app', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // no source maps: the gateway holds the build in memory, and the app is small and unminified enough to debug
    sourcemap: false,
    minify: true,
    reportCompressedSize: false,
    // cytoscape is loaded on the campaign page only, as its own chunk
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/dashboard/api': process.env.DASHBOARD_GATEWAY ?? 'http://127.0.0.1:8080' },
  },
  logLevel: 'warn',
});
