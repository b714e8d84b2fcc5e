import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createGraphiqlHandler } from '../src/http/graphiql.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve(fileURLToPath(import.meta.url), '../../../e2e/results/graphiql.png');

const typeDefs = /* GraphQL */ `
  type Query {
    "Greets someone, and says which Authorization header came with the request."
    hello(name: String!): Greeting!
  }
  type Greeting {
    text: String!
    authorization: String
  }
  type Subscription {
    countdown(from: Int!): Tick!
  }
  type Tick {
    n: Int!
    authorization: String
  }
`;

interface Ctx {
  authorization: string | null;
}

function fakeSchema(): GraphQLSchema {
  const schema = buildSchema(typeDefs);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const query = schema.getQueryType()!.getFields();
  query.hello!.resolve = (_root, args: { name: string }, ctx: Ctx) => ({ text: `Hello, ${args.name}!`, authorization: ctx.authorization });
  const subscription = schema.getSubscriptionType()!.getFields();
  subscription.countdown!.subscribe = async function* (_root, args: { from: number }, ctx: Ctx) {
    for (let n = args.from; n >= 0; n--) {
      await sleep(100);
      yield { countdown: { n, authorization: ctx.authorization } };
    }
  };
  return schema;
}

/** What happened to each request: whether the GraphiQL handler took it. */
interface Outcome {
  method: string;
  url: string;
  accept: string | undefined;
  handled: boolean;
}

async function startServer() {
  const schema = fakeSchema();
  const graphiql = createGraphiqlHandler({ endpoint: '/graphql' });
  const outcomes: Outcome[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const handled = await graphiql(req, res);
      outcomes.push({ method: req.method ?? '', url: req.url ?? '', accept: req.headers.accept, handled });
      if (handled) return;
      // The stand-in for the real GraphQL handler.
      if (req.method !== 'POST' || req.url !== '/graphql') {
        res.writeHead(req.url === '/graphql' ? 405 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'fake endpoint: POST /graphql only' }] }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown>; operationName?: string };
      const result = await graphql({
        schema,
        source: body.query,
        variableValues: body.variables,
        operationName: body.operationName,
        contextValue: { authorization: req.headers.authorization ?? null } satisfies Ctx,
      });
      res.writeHead(200, { 'content-type': 'application/graphql-response+json' });
      res.end(JSON.stringify(result));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer<{ authorization?: string }>(
    { schema, context: (ctx): Ctx => ({ authorization: ctx.connectionParams?.authorization ?? null }) },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphiql,
    outcomes,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await ws.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Replaces the whole text of the Monaco editor inside `container`, as a paste would. GraphiQL
 * reads the operation name 100 ms after an edit; the tab title shows when it has.
 */
async function setEditorText(page: Page, container: string, text: string) {
  await page.locator(`${container} .monaco-editor`).filter({ visible: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The visible text of the response editor, with Monaco's non-breaking spaces made plain. */
async function responseText(page: Page) {
  const text = await page.locator('.graphiql-response .view-lines').innerText();
  return text.replace(/\u00a0/g, ' ');
}

describe('GraphiQL handler', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let buildMs = 0;

  beforeAll(async () => {
    server = await startServer();
    const started = performance.now();
    await server.graphiql.prepare();
    buildMs = performance.now() - started;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('leaves a JSON POST and a GET that asks for JSON to the GraphQL handler', async () => {
    const post = await fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: '{ hello(name: "api") { text } }' }),
    });
    expect(await post.json()).toEqual({ data: { hello: { text: 'Hello, api!' } } });

    const get = await fetch(`${server.origin}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json' } });
    expect(get.headers.get('content-type')).toBe('application/json');
    await get.body?.cancel();

    const curl = await fetch(`${server.origin}/graphql`, { headers: { accept: '*/*' } });
    expect(curl.headers.get('content-type')).toBe('application/json');
    await curl.body?.cancel();

    expect(server.outcomes.slice(-3).map((o) => [o.method, o.accept, o.handled])).toEqual([
      ['POST', 'application/graphql-response+json, application/json', false],
      ['GET', 'application/json', false],
      ['GET', '*/*', false],
    ]);
  });

  it('serves the page with a self-only CSP and hashed, immutable assets', async () => {
    const page = await fetch(`${server.origin}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('vary')).toBe('Accept');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:|unsafe-eval|blob:/);
    expect(csp).toContain("font-src 'self';");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);

    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/graphiql\/assets\/graphiql-[\w-]+\.js$/);
    const asset = await fetch(`${server.origin}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const etag = asset.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    await asset.arrayBuffer();
    const again = await fetch(`${server.origin}${script}`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const missing = await fetch(`${server.origin}/graphiql/assets/nope.js`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let page: Page;
    const requests: string[] = [];
    const sockets: string[] = [];
    const workers: string[] = [];
    const problems: string[] = [];
    let loadMs = 0;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      context.on('request', (request) => requests.push(request.url()));
      page = await context.newPage();
      page.on('websocket', (socket) => sockets.push(socket.url()));
      page.on('worker', (worker) => workers.push(worker.url()));
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });

      const started = performance.now();
      await page.goto(`${server.origin}/graphql`);
      await page.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor();
      loadMs = performance.now() - started;
      console.info(`GraphiQL bundle built in ${Math.round(buildMs)} ms; page loaded to a ready editor in ${Math.round(loadMs)} ms`);
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('renders the GraphiQL editor', async () => {
      await expect(page.title()).resolves.toBe('Backhaul GraphQL');
      expect(await page.locator('.graphiql-query-editor .view-lines').innerText()).toContain('__typename');
      await expect(page.getByRole('button', { name: /Execute query/ }).isVisible()).resolves.toBe(true);
    });

    it('validates the query against the introspected schema in the GraphQL worker', async () => {
      await setEditorText(page, '.graphiql-query-editor', '{ hello(name: "x") { nope } }');
      await page.locator('.graphiql-query-editor .squiggly-error').first().waitFor({ timeout: 10_000 });
    });

    it('runs a query over HTTP with the bearer token from the headers editor', async () => {
      await page.getByRole('button', { name: 'Headers' }).click();
      await setEditorText(page, '.graphiql-editor-tool', '{ "Authorization": "Bearer staff-token-1" }');
      await setEditorText(page, '.graphiql-query-editor', 'query Hello { hello(name: "NOC") { text authorization } }');
      await page.getByRole('button', { name: 'Hello', exact: true }).waitFor();
      await page.getByRole('button', { name: /Prettify query/ }).click();
      await expect.poll(() => page.locator('.graphiql-query-editor .view-line').count()).toBeGreaterThan(3);
      await page.getByRole('button', { name: /Execute query/ }).click();
      await expect.poll(() => responseText(page), { timeout: 10_000 }).toContain('Bearer staff-token-1');
      const text = await responseText(page);
      expect(text).toContain('"text": "Hello, NOC!"');
      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    });

    it('runs a subscription over graphql-ws with the token as connectionParams', async () => {
      await setEditorText(page, '.graphiql-query-editor', 'subscription Countdown { countdown(from: 3) { n authorization } }');
      await page.getByRole('button', { name: 'Countdown', exact: true }).waitFor();
      await page.getByRole('button', { name: /Execute query/ }).click();
      await expect.poll(() => responseText(page), { timeout: 10_000 }).toMatch(/"n": 0/);
      expect(await responseText(page)).toContain('"authorization": "Bearer staff-token-1"');
      expect(sockets).toEqual([`${server.origin.replace('http:', 'ws:')}/graphql`]);
    });

    it('loads everything, workers included, from this server alone', () => {
      expect(requests.length).toBeGreaterThan(3);
      const foreign = [...requests, ...sockets].filter((url) => new URL(url).hostname !== '127.0.0.1');
      expect(foreign).toEqual([]);
      expect(workers.some((url) => url.includes('/graphiql/assets/graphql.worker-'))).toBe(true);
      expect(problems).toEqual([]);
    });
  });
});
