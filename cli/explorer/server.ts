import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Model } from '../../spec/model.js';
import { InterleaveError, UsageError, messageOf } from '../../checker/errors.js';
import { instantiate } from '../../checker/instance.js';
import { explorerPage } from './page.js';
import type { ExplorePath } from './path.js';
import { CounterexampleSearch } from './counterexample.js';
import { viewOf } from './view.js';

/** What to explore and where to serve it. */
export interface ExplorerSetup {
  /** The model. */
  readonly model: Model;
  /** URL of the module whose default export is the model: the counterexample search imports it on its own thread. */
  readonly modelUrl: string;
  /** The variant (default: the model's first). */
  readonly variant?: string;
  /** Parameter values; the rest take their defaults. */
  readonly params?: Record<string, unknown>;
  /** The model's file, when it is not bundled: reports name it for replay. */
  readonly modelFile?: string;
  /** The port on 127.0.0.1 (default: one the system picks). */
  readonly port?: number;
  /** Check only these properties (by name), in the page and the counterexample; default: all. */
  readonly properties?: readonly string[];
  /** Whether a state where nothing is enabled and that is not final is a deadlock (default true). */
  readonly deadlock?: boolean;
  /** The counterexample search stops, as incomplete, past this many distinct states (default: no limit). */
  readonly maxStates?: number;
}

/** A running explorer. */
export interface ExplorerServer {
  /** Its address with its token, as `http://127.0.0.1:PORT/?token=…`: the one URL that opens it. */
  readonly url: string;
  /** Stops serving and closes every open connection. */
  close(): Promise<void>;
}

/**
 * Serves the explorer on 127.0.0.1: one HTML page (`/`) and a JSON API that the page calls:
 * `/api/view?init=I&actions=A,B,...` (the view of a path: its diagram, the current
 * state, the properties, the enabled actions and the replayable report) and
 * `/api/counterexample` (runs the checker on a worker thread, so the page stays responsive, and
 * returns the path to its shortest counterexample).
 * Every request must carry the server's token (`?token=`, random for each start, in the URL
 * the server gives), as Jupyter asks: another web page that finds the port cannot guess it, so
 * it can neither start a search nor read a view. Requests must also be addressed to this
 * machine by name (the Host check), against DNS rebinding.
 * The model's variant and parameters are checked first: a bad one is a UsageError and nothing is served.
 */
export async function startExplorer(setup: ExplorerSetup): Promise<ExplorerServer> {
  const instance = instantiate(setup.model, setup.variant, setup.params, setup.properties);
  const counterexample = new CounterexampleSearch(instance, {
    modelUrl: setup.modelUrl,
    variant: instance.variant,
    params: { ...instance.params },
    properties: setup.properties,
    deadlock: setup.deadlock ?? true,
    maxStates: setup.maxStates,
  });
  const page = explorerPage({
    model: setup.model.name,
    summary: setup.model.summary,
    variant: instance.variant,
    variantSummary: instance.variantSpec.summary,
    params: instance.params,
    initialStates: instance.system.init.length,
  });
  let port = 0;
  const token = randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    try {
      if (!allowedHost(req, port)) return send(res, 403, 'text/plain', 'forbidden: the explorer answers only to 127.0.0.1 and localhost');
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'only GET');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!sameToken(url.searchParams.get('token'), token)) {
        return send(res, 403, 'text/plain', 'forbidden: the explorer needs its token; open the URL that interleave explore printed (it ends with ?token=...)');
      }
      switch (url.pathname) {
        case '/':
          return send(res, 200, 'text/html; charset=utf-8', page);
        case '/api/view':
          return sendJson(res, 200, viewOf(instance, parsePath(url.searchParams), { modelFile: setup.modelFile, deadlock: setup.deadlock }));
        case '/api/counterexample':
          return void counterexample.find().then(
            (found) => sendJson(res, 200, found),
            (error: unknown) => sendError(res, error),
          );
        default:
          return send(res, 404, 'text/plain', 'not found');
      }
    } catch (error) {
      return sendError(res, error);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${setup.port} on 127.0.0.1 is in use; give another with --port, or none to let the system pick one`) : error),
    );
    server.listen(setup.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      await counterexample.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Only requests addressed to this machine by name or number: a page elsewhere cannot reach the explorer through DNS rebinding. */
function allowedHost(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;
}

/** Whether a request's token is the server's, compared in constant time. */
function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parsePath(query: URLSearchParams): ExplorePath {
  const number = (text: string, what: string): number => {
    if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number; got "${text}"`);
    return Number(text);
  };
  const actions = query.get('actions') ?? '';
  return {
    init: number(query.get('init') ?? '0', 'init'),
    actions: actions === '' ? [] : actions.split(',').map((a) => number(a, 'each action')),
  };
}

function sendError(res: ServerResponse, error: unknown): void {
  const status = error instanceof UsageError ? 400 : error instanceof InterleaveError ? 422 : 500;
  sendJson(res, status, { error: messageOf(error) });
}

const securityHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'",
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, ...securityHeaders });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
