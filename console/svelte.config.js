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
    // Scripts from the console only (SvelteKit adds a nonce to its own inline script and to
    // app.html's). The API's address is added to connect-src at run time by hooks.server.ts.
    csp: {
      mode: 'auto',
      directives: {
        'script-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
