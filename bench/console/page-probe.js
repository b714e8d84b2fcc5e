// The console benchmark's probe (bench/console.ts): added with addInitScript, so it runs in
// every document before the console's own scripts. Plain JavaScript, as the browser runs it.
// Times are on the page's clock: ms since navigation start (`performance.now()`), or epoch ms
// (`performance.timeOrigin + performance.now()`) where they are compared with the benchmark's.
(() => {
  const LONG_FRAME_MS = 50;
  const epoch = () => performance.timeOrigin + performance.now();

  /** First frame (ms since navigation start) in which each part of the page was there. */
  const marks = {};
  /** Per second: frames drawn and the longest gap between two. Taken (and emptied) by the benchmark. */
  let seconds = [];
  /** Logins that appeared in the dashboard's session list, and when (epoch ms). Taken by the benchmark. */
  let appeared = [];

  const text = (el) => (el ? el.textContent || '' : '');
  const section = (titleId) => document.querySelector(`section[aria-labelledby="${titleId}"]`);
  // A chart is drawn once its canvas has pixels: a 1-pixel column down the middle crosses the grid lines.
  const drawn = (canvas) => {
    if (!canvas.width || !canvas.height) return false;
    const column = canvas.getContext('2d').getImageData(Math.floor(canvas.width / 2), 0, 1, canvas.height).data;
    for (let i = 3; i < column.length; i += 4) if (column[i] !== 0) return true;
    return false;
  };
  const settled = (titleId) => {
    const s = section(titleId);
    return !!s && !/Loading…/.test(text(s));
  };
  const tileValue = (label) => {
    for (const tile of document.querySelectorAll('.tile')) {
      if (text(tile.querySelector('.tile-label')) === label) return text(tile.querySelector('.tile-value'));
    }
    return '';
  };

  // What "usable" takes, per page (bench/README.md#console says why).
  const parts = {
    '/': {
      live: () => /\bLive\b/.test(text(document.querySelector('p.connection'))),
      online: () => /\d/.test(tileValue('Online sessions')),
      lists: () => settled('recent-title') && settled('rejects-title'),
      charts: () => {
        const canvases = document.querySelectorAll('.chart canvas');
        return canvases.length === 2 && [...canvases].every(drawn);
      },
      // Not part of "usable": the per-second figures come with the first radiusRates message.
      rates: () => /\d/.test(tileValue('Accepts per second')) && !!document.querySelector('table.nas tbody tr'),
    },
    '/customers': {
      rows: () => {
        const frame = document.querySelector('main .frame');
        return !!frame && frame.getAttribute('aria-busy') !== 'true' && !!frame.querySelector('tbody tr:not(.placeholder)');
      },
      search: () => {
        const box = document.getElementById('customer-search');
        return !!box && !box.disabled && !box.readOnly;
      },
    },
  };
  const USABLE = { '/': ['live', 'online', 'lists', 'charts'], '/customers': ['rows', 'search'] };

  let second = -1;
  let frames = 0;
  let longest = 0;
  let last = 0;
  const frame = (now) => {
    const s = Math.floor(now / 1000);
    if (s !== second) {
      if (second >= 0) seconds.push({ frames, longestMs: longest });
      second = s;
      frames = 0;
      longest = 0;
    }
    frames++;
    if (last) longest = Math.max(longest, now - last);
    last = now;

    const checks = parts[location.pathname];
    if (checks) {
      for (const [name, check] of Object.entries(checks)) {
        if (marks[name] === undefined && check()) marks[name] = performance.now();
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  // Logins as they appear in "Sessions started and stopped": a MutationObserver sees them
  // whether or not a later batch pushes them out again before anyone reads the page.
  const seen = new WeakSet();
  let prefixes = [];
  const scan = () => {
    const list = section('recent-title');
    if (!list) return;
    for (const li of list.querySelectorAll('li')) {
      if (seen.has(li) || text(li.querySelector('.kind')) !== 'Started') continue;
      const login = text(li.querySelector('.event-main a, .event-main .mono')).trim();
      if (!login) continue;
      seen.add(li);
      if (prefixes.some((p) => login.startsWith(p))) appeared.push({ login, at: epoch() });
    }
  };
  const observer = new MutationObserver(scan);

  window.__bench = {
    now: epoch,
    /** The usable time of this page (ms since navigation start), or null while it is not. */
    usable() {
      const need = USABLE[location.pathname];
      if (!need || need.some((name) => marks[name] === undefined)) return null;
      return { at: Math.max(...need.map((name) => marks[name])), marks: { ...marks } };
    },
    watch(loginPrefixes) {
      prefixes = loginPrefixes;
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      scan();
    },
    takeAppeared() {
      const taken = appeared;
      appeared = [];
      return taken;
    },
    takeSeconds() {
      const taken = seconds;
      seconds = [];
      return taken;
    },
  };
})();
