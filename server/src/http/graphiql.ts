/**
 * GraphQL IDE for staff, served entirely from this server: `GET /graphql` from a browser gets
 * GraphiQL, everything else on that path is left to the GraphQL handler. No CDN, no build step.
 *
 * Why GraphiQL 5 (graphiql@5.4, React 19), bundled here with esbuild:
 * - 5 is the current, maintained line (npm `latest`). 3's UMD build is deprecated upstream and
 *   needs React 18's UMD files, which React 19 (already in our tree) no longer ships; 4 is the last
 *   CodeMirror 5 line, superseded by 5. 5 is ESM-only and uses Monaco, whose language services run
 *   in web workers, so it needs a bundler: esbuild, already installed (tsx and vite use it).
 * - The bundle is built lazily on the first request (2–3 s on a 2-core machine), then kept in
 *   memory with gzip and brotli copies (about 11 MB in all), so the server's start-up pays
 *   nothing. `prepare()` builds ahead of time when a caller wants that.
 * - One main bundle without code splitting: esbuild does not load the CSS of lazily imported
 *   chunks, and Monaco imports its CSS from the modules GraphiQL loads lazily. Three classic
 *   (IIFE) worker bundles: Monaco's editor worker, its JSON worker (variables/headers editors)
 *   and monaco-graphql's worker (validation, completion).
 * - GraphiQL ships its Roboto/Fira Code fonts (and Monaco a few images) as `data:` URLs in CSS;
 *   they are cut out into content-hashed assets, so `font-src` needs no `data:` and browsers fetch
 *   only the font subsets (unicode ranges) a page uses.
 *
 * Every asset URL holds a content hash and is served `immutable`; the page itself is `no-cache`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { BuildOptions } from 'esbuild';

/** Options for {@link createGraphiqlHandler}. */
export interface GraphiqlOptions {
  /** Path (or absolute URL) of the GraphQL endpoint; the page is served on its path. Default `/graphql`. */
  endpoint?: string;
  /** URL prefix the page's scripts, styles, fonts and workers are served under. Default `/graphiql/assets`. */
  assetsPath?: string;
  /** Page title. */
  title?: string;
  /** Called when the bundle fails to build (the request gets a 500; the next one retries). */
  onError?: (error: unknown) => void;
}

/**
 * Handles a request if it is for the IDE (a browser's `GET`/`HEAD` of the endpoint) or one of
 * its assets, and resolves `true`; resolves `false`, without touching `res`, for anything else.
 */
export interface GraphiqlHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Builds the bundle now instead of on the first request (e.g. after the server listens). */
  prepare(): Promise<void>;
}

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  type: string;
  etag: string;
}

interface Bundle {
  assets: Map<string, Asset>;
  script: string;
  stylesheet: string;
  icon: string;
  workers: Record<WorkerLabel, string>;
}

type WorkerLabel = 'editor' | 'json' | 'graphql';

const WORKER_ENTRIES: Record<WorkerLabel, string> = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/**
 * The Content-Security-Policy of the page. Only this origin, and:
 * - `style-src 'unsafe-inline'`: Monaco adds `<style>` elements at run time (theme colours,
 *   decorations, font metrics) and has no nonce support; without it the editors render blank.
 *   Inline styles cannot run code; scripts stay `'self'` only, with no `'unsafe-eval'`.
 * - `worker-src 'self'`: Monaco's workers, loaded from our own asset URLs (no `blob:`).
 * - `connect-src 'self'`: HTTP POSTs to the endpoint and the graphql-ws socket (CSP 3 lets
 *   `'self'` match `ws:`/`wss:` on the page's own host and port).
 * - `img-src data:`: Monaco draws error and warning squiggles as `data:` SVG backgrounds that it
 *   generates at run time from theme colours. (The `data:` URLs in the upstream CSS files, fonts
 *   included, are turned into assets at build time; `font-src` stays `'self'`.)
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A GraphQL-pink favicon, so browsers don't ask the API for `/favicon.ico`. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="none" stroke="#e10098" stroke-width="2.5" ' +
  'd="M16 3 27.3 9.5v13L16 29 4.7 22.5v-13z"/><circle cx="16" cy="16" r="4" fill="#e10098"/></svg>';

/** CSS of the page around the IDE; appended to the bundle's stylesheet to keep the page inline-free. */
const PAGE_CSS = 'html,body,#graphiql{height:100%;margin:0;overflow:hidden}';

/**
 * The browser entry point, bundled by esbuild from a string so the server package has no second
 * build. Plain JavaScript without JSX: `React.createElement` keeps it free of a JSX transform.
 */
const CLIENT_SOURCE = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import 'graphiql/graphiql.css';
import '@graphiql/react/style.css';
import '@graphiql/react/font/roboto.css';
import '@graphiql/react/font/fira-code.css';
import '@graphiql/plugin-doc-explorer/style.css';
import '@graphiql/plugin-history/style.css';

const config = JSON.parse(document.getElementById('graphiql-config').textContent);

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    return new Worker(config.workers[label] || config.workers.editor, { name: label });
  },
};

const httpUrl = new URL(config.endpoint, location.href);
const wsUrl = new URL(httpUrl);
wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

// The headers template ships with an empty "Bearer " so staff only paste the token; until they
// do, it is left out rather than sent as a malformed credential.
function usableHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers || {})) {
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (text === '' || /^bearer$/i.test(text)) continue;
    out[name] = text;
  }
  return out;
}

function isSubscription(params, documentAST) {
  try {
    const doc = documentAST || parse(params.query);
    return getOperationAST(doc, params.operationName || undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

// One graphql-ws client for the current headers; the server authenticates a socket once, in
// onConnect, so new headers need a new connection.
let socket;
function socketFor(headers) {
  const connectionParams = {};
  for (const [name, value] of Object.entries(headers)) connectionParams[name.toLowerCase()] = value;
  const key = JSON.stringify(connectionParams);
  if (!socket || socket.key !== key) {
    if (socket) void socket.client.dispose();
    socket = { key, client: createClient({ url: wsUrl.href, connectionParams, lazy: true, retryAttempts: 2 }) };
  }
  return socket.client;
}

function closeMessage(error) {
  if (error instanceof Error) return error;
  if (error && typeof error.code === 'number') {
    return new Error('WebSocket closed: ' + error.code + (error.reason ? ' ' + error.reason : ''));
  }
  return new Error(String(error));
}

async function* subscribe(params, headers) {
  const iterator = socketFor(headers).iterate(params);
  try {
    for await (const result of iterator) yield result;
  } catch (error) {
    throw closeMessage(error);
  }
}

async function post(params, headers) {
  const response = await fetch(httpUrl, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
  }
}

function fetcher(params, opts) {
  const headers = usableHeaders(opts && opts.headers);
  return isSubscription(params, opts && opts.documentAST) ? subscribe(params, headers) : post(params, headers);
}

createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: config.defaultQuery,
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
  }),
);
`;

const DEFAULT_QUERY = `# Backhaul GraphQL API
#
# Paste your staff token into the Headers tab below:
#   { "Authorization": "Bearer <token>" }
# It is sent with every HTTP request and as the graphql-ws connectionParams
# of subscriptions. Ctrl-Enter runs the operation under the cursor.

{
  __typename
}
`;

const DEFAULT_HEADERS = `{
  "Authorization": "Bearer "
}`;

/**
 * Creates the handler for the in-browser IDE. Nothing is built until the first request for the
 * page or an asset (or a call to `prepare()`); the result is kept by the returned handler.
 *
 * ```ts
 * const graphiql = createGraphiqlHandler({ endpoint: '/graphql' });
 * http.createServer(async (req, res) => { if (!(await graphiql(req, res))) await graphql(req, res); });
 * ```
 */
export function createGraphiqlHandler(options: GraphiqlOptions = {}): GraphiqlHandler {
  const endpoint = options.endpoint ?? '/graphql';
  const endpointPath = new URL(endpoint, 'http://localhost').pathname;
  const assetsPath = (options.assetsPath ?? '/graphiql/assets').replace(/\/+$/, '');
  const title = options.title ?? 'Backhaul GraphQL';
  const onError = options.onError ?? ((error: unknown) => console.error('graphiql: bundle failed', error));

  let bundle: Promise<Bundle> | undefined;
  const load = () => {
    bundle ??= buildBundle(assetsPath).catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const isPage = pathname === endpointPath && prefersHtml(req.headers.accept);
    const isAsset = pathname.startsWith(`${assetsPath}/`);
    if (!isPage && !isAsset) return false;

    let built: Bundle;
    try {
      built = await load();
    } catch (error) {
      onError(error);
      send(res, req, 500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'GraphiQL is unavailable: its bundle failed to build.\n');
      return true;
    }
    if (isPage) {
      const html = renderPage(built, { endpoint, title });
      send(res, req, 200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'cache-control': 'no-cache',
        vary: 'Accept',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      }, html);
      return true;
    }
    serveAsset(req, res, built.assets.get(pathname.slice(assetsPath.length + 1)));
    return true;
  };
  return Object.assign(handler, { prepare: async () => void (await load()) });
}

/**
 * Whether an `Accept` header ranks `text/html` above the GraphQL response types, as a browser's
 * navigation does (`text/html,…,*\/*;q=0.8`). A missing header or `*\/*` alone is not a browser.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html > Math.max(quality(accept, 'application/json'), quality(accept, 'application/graphql-response+json'));
}

/** The q-value the most specific matching media range of `accept` gives `type` (RFC 9110 §12.5.1). */
function quality(accept: string, type: string): number {
  const family = `${type.split('/')[0]}/*`;
  let specificity = 0;
  let q = 0;
  for (const part of accept.toLowerCase().split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const rank = range === type ? 3 : range === family ? 2 : range === '*/*' ? 1 : 0;
    if (rank <= specificity) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    specificity = rank;
    q = Number.isFinite(value) ? value : 0;
  }
  return q;
}

function renderPage(bundle: Bundle, page: { endpoint: string; title: string }): string {
  const config = {
    endpoint: page.endpoint,
    workers: bundle.workers,
    defaultQuery: DEFAULT_QUERY,
    defaultHeaders: DEFAULT_HEADERS,
  };
  // A JSON data block is not script, so the CSP needs no 'unsafe-inline' for it; escaping `<`
  // keeps `</script>` in any value from closing it.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<link rel="icon" href="${bundle.icon}">
<link rel="stylesheet" href="${bundle.stylesheet}">
<script type="module" src="${bundle.script}"></script>
<script type="application/json" id="graphiql-config">${json}</script>
</head>
<body>
<div id="graphiql"></div>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function serveAsset(req: IncomingMessage, res: ServerResponse, asset: Asset | undefined): void {
  if (!asset) {
    send(res, req, 404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, 'Not found\n');
    return;
  }
  const headers: Record<string, string> = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=31536000, immutable',
    etag: asset.etag,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
  };
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === asset.etag)) {
    send(res, req, 304, headers);
    return;
  }
  const accepted = String(req.headers['accept-encoding'] ?? '');
  if (asset.br && /\bbr\b/.test(accepted)) {
    send(res, req, 200, { ...headers, 'content-encoding': 'br' }, asset.br);
  } else if (asset.gzip && /\bgzip\b/.test(accepted)) {
    send(res, req, 200, { ...headers, 'content-encoding': 'gzip' }, asset.gzip);
  } else {
    send(res, req, 200, headers, asset.body);
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, headers: Record<string, string>, body?: string | Buffer): void {
  const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, bytes ? { ...headers, 'content-length': String(bytes.length) } : headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

async function buildBundle(assetsPath: string): Promise<Bundle> {
  // Loaded here so a server that never serves the IDE never starts esbuild.
  const { build } = await import('esbuild');
  const resolveDir = path.dirname(fileURLToPath(import.meta.url));
  const common = {
    bundle: true,
    write: false as const,
    minify: true,
    platform: 'browser',
    // Browsers from spring 2023 on: what Monaco 0.52 and React 19 need anyway.
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    absWorkingDir: resolveDir,
    outdir: 'out',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'silent',
  } satisfies BuildOptions;
  const [main, workers] = await Promise.all([
    build({
      ...common,
      stdin: { contents: CLIENT_SOURCE, resolveDir, sourcefile: 'graphiql-client.js', loader: 'js' },
      format: 'esm',
      entryNames: 'graphiql-[hash]',
      assetNames: '[name]-[hash]',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    }),
    build({
      ...common,
      entryPoints: Object.entries(WORKER_ENTRIES).map(([label, input]) => ({ in: input, out: `${label}.worker` })),
      format: 'iife',
      entryNames: '[name]-[hash]',
    }),
  ]);

  const assets = new Map<string, Asset>();
  const add = (name: string, body: Buffer) => {
    assets.set(name, makeAsset(name, body));
    return `${assetsPath}/${name}`;
  };
  let script = '';
  let stylesheet = '';
  for (const file of main.outputFiles) {
    const name = path.basename(file.path);
    if (name.endsWith('.js')) script = add(name, Buffer.from(file.contents));
    else if (name.endsWith('.css')) {
      const css = extractDataUrls(`${file.text}\n${PAGE_CSS}\n`, add);
      stylesheet = add(`graphiql-${contentHash(Buffer.from(css))}.css`, Buffer.from(css));
    } else add(name, Buffer.from(file.contents));
  }
  const icon = add(`favicon-${contentHash(Buffer.from(FAVICON))}.svg`, Buffer.from(FAVICON));
  const workerUrls: Partial<Record<WorkerLabel, string>> = {};
  for (const file of workers.outputFiles) {
    const name = path.basename(file.path);
    const label = name.slice(0, name.indexOf('.worker')) as WorkerLabel;
    workerUrls[label] = add(name, Buffer.from(file.contents));
  }
  if (!script || !stylesheet || !workerUrls.editor || !workerUrls.json || !workerUrls.graphql) {
    throw new Error(`GraphiQL bundle is incomplete: ${[...assets.keys()].join(', ')}`);
  }
  return { assets, script, stylesheet, icon, workers: { editor: workerUrls.editor, json: workerUrls.json, graphql: workerUrls.graphql } };
}

/**
 * Moves base64 `data:` fonts and images out of the CSS into their own assets, referenced relative
 * to the stylesheet: a smaller stylesheet, font subsets fetched only when used, and no `data:` in
 * `font-src`.
 */
function extractDataUrls(css: string, add: (name: string, body: Buffer) => string): string {
  return css.replace(/url\((["']?)data:([a-z]+\/[a-z0-9+.-]+);base64,([A-Za-z0-9+/=]+)\1\)/g, (match, _quote, type: string, data: string) => {
    const ext = EXTENSIONS[type];
    if (!ext) return match;
    const body = Buffer.from(data, 'base64');
    const name = `${type.startsWith('font/') ? 'font' : 'image'}-${contentHash(body)}${ext}`;
    add(name, body);
    return `url(./${name})`;
  });
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
};
const EXTENSIONS: Record<string, string> = Object.fromEntries(Object.entries(TYPES).map(([ext, type]) => [type, ext]));

function makeAsset(name: string, body: Buffer): Asset {
  const ext = path.extname(name);
  const asset: Asset = { body, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${contentHash(body)}"` };
  // Fonts other than .ttf, and PNGs, are compressed already.
  if (body.length > 1024 && !['.woff', '.woff2', '.png'].includes(ext)) {
    asset.gzip = gzipSync(body, { level: 6 });
    asset.br = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
  }
  return asset;
}

function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 16);
}
