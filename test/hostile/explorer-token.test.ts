import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorer, type ExplorerServer } from '../../cli/explorer/server.js';
import { bundledSetup } from '../report/support.js';

const forbidden = 'forbidden: the explorer needs its token; open the URL that interleave explore printed (it ends with ?token=...)';

/** A GET with a chosen Host header, which fetch does not let a caller set. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the explorer answers only requests that carry the token of the URL it printed', () => {
  let server: ExplorerServer;
  let origin: string;
  let token: string;
  beforeAll(async () => {
    server = await startExplorer({ ...bundledSetup('peterson'), variant: 'turn-first' });
    origin = new URL(server.url).origin;
    token = new URL(server.url).searchParams.get('token') ?? '';
  });
  afterAll(() => server.close());

  it('its URL carries a token, random for each start', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    const other = await startExplorer({ ...bundledSetup('peterson') });
    try {
      expect(new URL(other.url).searchParams.get('token')).not.toBe(token);
    } finally {
      await other.close();
    }
  });

  it('without it, or with another, the page, a view and the counterexample search are all refused; with it, all are served', async () => {
    for (const path of ['/', '/api/view?init=0&actions=0', '/api/counterexample', '/api/counterexample?token=guess']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toBe(forbidden);
    }
    expect((await fetch(server.url)).status).toBe(200);
    expect((await fetch(`${origin}/api/view?init=0&actions=0&token=${token}`)).status).toBe(200);
    const found = await (await fetch(`${origin}/api/counterexample?token=${token}`)).json();
    expect(found.headline).toMatch(/^violated: "mutual exclusion" in peterson \(variant turn-first\), after 8 steps/);
    // The Host check stays: a request addressed to another name is refused, token or not.
    expect(await statusWithHost(server.url, 'attacker.example:80')).toBe(403);
  });
});
