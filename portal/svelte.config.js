import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Every component uses runes; legacy `export let` syntax is a compile error, not a silent mode switch.
    runes: true,
  },
  kit: {
    // `node build` reads PORT, HOST and the PUBLIC_* variables at start-up, so one build runs anywhere.
    adapter: adapter({ out: 'build' }),
    // Code both apps use lives once, in the console's lib/shared (plain TypeScript, no app state).
    alias: { $shared: '../console/src/lib/shared' },
  },
};

export default config;
