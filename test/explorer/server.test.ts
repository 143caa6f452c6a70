import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../checker/errors.js';
import { startExplorer, type ExplorerServer } from '../../cli/explorer/server.js';
import { root } from '../support/cli.js';
import { bundledSetup } from '../report/support.js';

/** A GET with a chosen Host header, which fetch does not let a caller set. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The address of `path` on a running explorer, with its token. */
function at(server: ExplorerServer, path: string): string {
  const url = new URL(path, server.url);
  url.searchParams.set('token', new URL(server.url).searchParams.get('token') ?? '');
  return url.href;
}

describe('the explorer server', () => {
  let server: ExplorerServer;
  beforeAll(async () => {
    server = await startExplorer({ ...bundledSetup('peterson'), variant: 'turn-first' });
  });
  afterAll(() => server.close());

  it('listens on 127.0.0.1 on a port the system picked', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/);
  });

  it('serves one self-contained page', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('<strong class="model" title="Peterson&#39;s mutual exclusion for two processes">peterson</strong>');
    expect(page).not.toMatch(/<script src|<link|https?:\/\//);
  });

  it('answers the view of a path, and a bad path with a clear error', async () => {
    const view = await (await fetch(at(server, '/api/view?init=0&actions=0,1'))).json();
    expect(view.path).toEqual({ init: 0, actions: [0, 1] });
    expect(view.report.trace.steps).toHaveLength(2);
    const bad = await fetch(at(server, '/api/view?init=0&actions=7'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'step 1: process@wait(1) is not enabled in the state before it' });
    expect((await fetch(at(server, '/api/view?actions=x'))).status).toBe(400);
  });

  it('finds the shortest counterexample with the checker', async () => {
    const found = await (await fetch(at(server, '/api/counterexample'))).json();
    expect(found.headline).toMatch(/^violated: "mutual exclusion" in peterson \(variant turn-first\), after 8 steps/);
    const view = await (await fetch(at(server, `/api/view?init=${found.path.init}&actions=${found.path.actions.join(',')}`))).json();
    expect(view.verdict.kind).toBe('violated');
  });

  it('serves nothing else, and only to requests addressed to this machine', async () => {
    expect((await fetch(at(server, '/etc/passwd'))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    expect(await getWithHost(server.url, 'attacker.example:80')).toBe(403);
    expect(await getWithHost(server.url, `localhost:${new URL(server.url).port}`)).toBe(200);
  });
});

describe('starting and stopping the explorer', () => {
  it('keeps answering while the checker searches for the counterexample on its own thread', async () => {
    const big = await startExplorer({ ...bundledSetup('philosophers'), params: { n: 10 }, deadlock: false });
    try {
      const order: string[] = [];
      const searching = fetch(at(big, '/api/counterexample')).then(async (r) => (order.push('counterexample'), r.json()));
      const viewed = fetch(at(big, '/api/view?init=0&actions=0')).then(async (r) => (order.push('view'), r.json()));
      const [found, view] = await Promise.all([searching, viewed]);
      expect(order).toEqual(['view', 'counterexample']);
      expect(view.path).toEqual({ init: 0, actions: [0] });
      expect(found.headline).toMatch(/^all properties hold for philosophers \(variant left-first\) \(328,393 distinct states/);
    } finally {
      await big.close();
    }
  });

  it('the counterexample respects --property, --no-deadlock and --max-states', async () => {
    const only = await startExplorer({ ...bundledSetup('philosophers'), params: { n: 3 }, deadlock: false });
    try {
      const found = await (await fetch(at(only, '/api/counterexample'))).json();
      expect(found.headline).toMatch(/^all properties hold for philosophers/);
      expect(found.path).toBeUndefined();
    } finally {
      await only.close();
    }
    await expect(startExplorer({ ...bundledSetup('peterson'), properties: ['nope'] })).rejects.toThrow(/no property "nope"/);
    const bounded = await startExplorer({ ...bundledSetup('philosophers'), params: { n: 10 }, maxStates: 1000 });
    try {
      const found = await (await fetch(at(bounded, '/api/counterexample'))).json();
      expect(found.headline).toMatch(/^incomplete: philosophers \(variant left-first\) was not explored exhaustively: more than 1000 distinct states.*This is not a pass/);
    } finally {
      await bounded.close();
    }
  });

  it('checks the variant before serving anything', async () => {
    await expect(startExplorer({ ...bundledSetup('peterson'), variant: 'nope' })).rejects.toThrow(UsageError);
  });

  it('says so when the port is taken', async () => {
    const first = await startExplorer({ ...bundledSetup('peterson') });
    const port = Number(new URL(first.url).port);
    await expect(startExplorer({ ...bundledSetup('peterson'), port })).rejects.toThrow(`port ${port} on 127.0.0.1 is in use`);
    await first.close();
    await expect(fetch(first.url)).rejects.toThrow();
  });

  it('interleave explore prints its URL, serves, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'explore', 'peterson', '--variant', 'turn-first'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 10_000);
        child.stdout.on('data', () => {
          const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
          }
        });
      });
      expect((await fetch(url)).status).toBe(200);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toMatch(/^interleave explorer for peterson: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\n\(press Ctrl-C to stop\)\nexplorer stopped\n$/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
