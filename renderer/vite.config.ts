/**
 * Vite build for the LSTM Studio renderer.
 * Build: `vite build --config renderer/vite.config.ts` (from the repository root) → renderer/dist.
 * The output runs under a strict CSP (no 'unsafe-inline', no 'unsafe-eval'): CSS is emitted as files,
 * the module-preload polyfill (an inline-free but unneeded helper) is off, and no asset is inlined as a data: URL.
 */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true }, emitCss: true })],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
  server: { fs: { allow: [path.join(here, '..')] } },
});
