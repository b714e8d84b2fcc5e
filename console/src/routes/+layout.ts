// The console renders in the browser only: the session token lives in the tab's sessionStorage
// (see $lib/managers/session.svelte.ts), so the server could render nothing but a signed-out
// page. The server still serves the shell, the assets and server load functions (health).
export const ssr = false;
