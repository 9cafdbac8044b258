/**
 * The operator console: Preact, built by Vite (Rolldown, Oxc) into console/dist, served under
 * /console/ (locally by `npm start`, in AWS by CloudFront). ECharts is split into its own chunk,
 * loaded when a chart is first shown.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { consoleBasePath } from './csp.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: consoleBasePath,
  publicDir: 'public',
  logLevel: 'warn',
  clearScreen: false,
  // `npm run console:dev`: Vite's dev server, with the API of a running `npm start` behind it.
  server: { proxy: { '/v1': process.env.JIFEN_API ?? 'http://127.0.0.1:3000' } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // No inline polyfill script: the CSP allows none, and every supported browser has modulepreload.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // ECharts is one lazy chunk of about 550 KB (185 KB gzipped), loaded with the first chart.
    chunkSizeWarningLimit: 700,
  },
});
