/**
 * `kplay web`'s HTTP server (fastify): the page, the API of docs/web.md and the run event
 * streams, behind the token of auth.ts. Only `GET /healthz` and the login answer without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createEngine, DEFAULT_MIN_TMP_MIB, formatDoctorJson, packageVersion, runDoctor, type Diagnostic, type Engine } from '../engine';
import { builtinModules } from '../builtin-modules';
import { authorize, CSRF_HEADER, LoginCodes, sameSecret, sessionCookie } from './auth';
import { DocumentStore, parseValues, toApiDiagnostic } from './documents';
import { addressesOf } from './ips';
import { JournalReader, type RunSummary } from './journal';
import { documentBodySchema, documentCheckBodySchema, hostCheckBodySchema, openApiDocument, runBodySchema } from './openapi';
import { RunManager, type HostedCommand, type RunRequestBody } from './runs';
import { openEventStream, streamJournal, streamLiveRun } from './sse';
import { isDocumentName, isRunId, type DocumentKind, type Workspace } from './workspace';

export interface WebServerOptions {
  readonly workspace: Workspace;
  readonly token: string;
  /** Cluster commands the host (the CLI) lends the server. */
  readonly commands?: Partial<Record<'create-cluster' | 'precheck', HostedCommand>>;
  readonly engine?: Engine;
  readonly knownHostsFile?: string;
  /** Accept any Host header (listening beyond loopback); otherwise only loopback names. */
  readonly anyHost?: boolean;
  /** The cluster project's config schema and check, lent by the host like the commands. */
  readonly clusterConfig?: ClusterConfigSupport;
}

/** The cluster config as a form: its JSON schema and the check `kplay create cluster -c` runs. */
export interface ClusterConfigSupport {
  readonly schema: object;
  readonly check: (text: string, file: string) => Diagnostic[];
}

export interface WebServer {
  readonly app: FastifyInstance;
  readonly runs: RunManager;
  /** A one-time login URL for `base` (e.g. http://127.0.0.1:8080). */
  loginUrl(base: string): string;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/app.css': 'app.css',
};

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The page's folder, from the sources (tests) or from dist/ (the installed package). */
function pageDir(): string {
  for (const dir of [join(__dirname, 'page'), join(__dirname, '..', '..', 'web', 'page')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error('kplay web: the page files (web/page) are missing from the installation');
}

function pageFile(dir: string, file: string): Buffer {
  try {
    return readFileSync(join(dir, file));
  } catch {
    // The bundle is built by `npm run build` (scripts/build-page.ts).
    throw new Error(`kplay web: ${join(dir, file)} is missing; run npm run build`);
  }
}

function loginPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>kplay web: sign in</title><link rel="stylesheet" href="/app.css"></head>
<body class="login"><main><h1>kplay web</h1><p>${message}</p>
<form method="post" action="/login"><label for="token">Token (in <code>&lt;workdir&gt;/web/token</code>)</label>
<input id="token" name="token" type="password" autocomplete="off" required><button type="submit">Sign in</button></form></main></body></html>`;
}

function loopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || (isIP(name) === 4 && name.startsWith('127.'));
}

export function createWebServer(options: WebServerOptions): WebServer {
  const { workspace, token } = options;
  const engine = options.engine ?? createEngine().registerModules(builtinModules);
  const documents = new DocumentStore(workspace, options.clusterConfig?.check);
  const journals = new JournalReader(workspace);
  const runs = new RunManager({ workspace, engine, commands: options.commands ?? {}, ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}) });
  const codes = new LoginCodes();
  const page = pageDir();
  // Unknown fields are errors (400), not silently dropped.
  // Event streams never go idle on their own: stopping the server ends them.
  const app = fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true, ajv: { customOptions: { removeAdditional: false } } });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) reply.header(k, v);
    return payload;
  });

  app.addHook('onRequest', async (req, reply) => {
    // A DNS-rebinding page would reach a loopback server under its own name.
    if (!options.anyHost && !loopbackHost(req.headers.host ?? '')) return reply.code(421).send({ error: 'this server answers to loopback names only' });
    const path = req.url.split('?')[0];
    if (path === '/healthz' || path === '/login' || path === '/app.css') return;
    const verdict = authorize(
      {
        method: req.method,
        authorization: req.headers.authorization,
        cookie: req.headers.cookie,
        csrfHeader: header(req, CSRF_HEADER),
        fetchSite: header(req, 'sec-fetch-site'),
      },
      token,
    );
    if (verdict === 'ok') return;
    if (verdict === 'csrf') return reply.code(403).send({ error: `state-changing requests need the Authorization header or the ${CSRF_HEADER} header from the page` });
    if (path === '/' && req.method === 'GET') return reply.code(401).type('text/html; charset=utf-8').send(loginPage('Open the URL kplay web printed, or paste the token.'));
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a valid token is required (docs/web.md#the-token)' });
  });

  const signIn = (reply: FastifyReply, secure: boolean) => reply.header('set-cookie', sessionCookie(token, secure)).redirect('/', 303);

  app.get('/healthz', async () => ({ ok: true }));
  app.get<{ Querystring: { code?: string } }>('/login', async (req, reply) => {
    if (codes.spend(req.query.code)) return signIn(reply, req.protocol === 'https');
    return reply.code(401).type('text/html; charset=utf-8').send(loginPage('That login link was used already or is not valid; paste the token instead.'));
  });
  app.post<{ Body: { token?: string } }>('/login', async (req, reply) => {
    const given = typeof req.body === 'object' && req.body !== null ? req.body.token : undefined;
    if (sameSecret(given, token)) return signIn(reply, req.protocol === 'https');
    return reply.code(401).type('text/html; charset=utf-8').send(loginPage('Wrong token.'));
  });

  for (const [route, file] of Object.entries(PAGE_FILES)) {
    const ext = file.slice(file.lastIndexOf('.') + 1);
    app.get(route, async (_req, reply) => reply.type(CONTENT_TYPES[ext]).send(pageFile(page, file)));
  }
  app.get('/api/openapi.json', async () => openApiDocument());

  for (const kind of ['inventories', 'configs'] as const) registerDocuments(app, documents, kind);
  // What this server offers beyond playbooks, so that the page shows only what works.
  app.get('/api/v1/info', async () => ({
    version: packageVersion(),
    commands: Object.keys(options.commands ?? {}).sort(),
    clusterConfig: options.clusterConfig !== undefined,
  }));
  app.get('/api/v1/schemas/cluster-config', async (_req, reply) => {
    if (options.clusterConfig === undefined) return reply.code(404).send({ error: 'this server has no cluster project' });
    return options.clusterConfig.schema;
  });

  // What `kplay doctor -i` reports, per host of a stored inventory.
  app.post<{ Body: { inventory: string; min_tmp_mib?: number } }>('/api/v1/hosts/check', { schema: { body: hostCheckBodySchema } }, async (req, reply) => {
    const { inventory } = req.body;
    if (!isDocumentName(inventory) || !documents.exists('inventories', inventory)) return reply.code(422).send({ error: `inventory "${inventory}" is not stored`, diagnostics: [] });
    const outcome = await runDoctor({
      inventoryFile: documents.path('inventories', inventory),
      minTmpMiB: req.body.min_tmp_mib ?? DEFAULT_MIN_TMP_MIB,
      ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}),
    });
    if (outcome.kind === 'invalid') return reply.code(422).send({ error: 'the inventory has problems; nothing was checked', diagnostics: outcome.diagnostics.map((d) => toApiDiagnostic(d, workspace.root)) });
    return { ...(JSON.parse(formatDoctorJson(outcome.hosts)) as object), exitCode: outcome.exitCode };
  });

  app.get<{ Querystring: { cidr?: string } }>('/api/v1/ips', async (req, reply) => {
    const outcome = addressesOf(req.query.cidr ?? '');
    if (!outcome.ok) return reply.code(400).send({ error: outcome.error });
    return { cidr: req.query.cidr, addresses: outcome.addresses };
  });

  app.get('/api/v1/runs', async () => {
    const live = runs.summaries();
    const seen = new Set(live.map((r) => r.id));
    const all: RunSummary[] = [...live];
    for (const summary of journals.settledSummaries(journals.ids().filter((id) => !seen.has(id)))) {
      all.push(runs.startedHere(summary.id) ? { ...summary, origin: 'web' } : summary);
    }
    return all.sort((a, b) => (a.started === b.started ? b.id.localeCompare(a.id) : b.started.localeCompare(a.started)));
  });

  app.post<{ Body: RunRequestBody }>('/api/v1/runs', { schema: { body: runBodySchema } }, async (req, reply) => {
    const body = req.body;
    if ((body.playbook === undefined) === (body.command === undefined)) return reply.code(400).send({ error: 'give exactly one of playbook and command' });
    const paths: { inventory?: string; config?: string } = {};
    for (const [field, kind] of [['inventory', 'inventories'], ['config', 'configs']] as const) {
      const name = body[field];
      if (name === undefined || name === '') continue;
      if (!isDocumentName(name) || !documents.exists(kind, name)) return reply.code(422).send({ error: `${field} "${name}" is not stored`, diagnostics: [] });
      paths[field] = documents.path(kind, name);
    }
    const outcome = await runs.start(body, paths);
    if (!outcome.ok) return reply.code(outcome.status).send({ error: outcome.message, diagnostics: outcome.diagnostics });
    return reply.code(202).send({ id: outcome.id });
  });

  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', async (req, reply) => {
    const { id } = req.params;
    if (!isRunId(id)) return reply.code(404).send({ error: 'no such run' });
    const live = runs.get(id);
    const summary = live !== undefined ? runs.summaries().find((r) => r.id === id) : journals.settledSummaries([id])[0];
    if (summary === undefined) return reply.code(404).send({ error: 'no such run' });
    if (live === undefined && runs.startedHere(id)) return { ...summary, origin: 'web', report: journals.report(id) ?? null };
    return { ...summary, report: journals.report(id) ?? null };
  });

  app.delete<{ Params: { id: string } }>('/api/v1/runs/:id', async (req, reply) => {
    const { id } = req.params;
    const verdict = isRunId(id) ? runs.cancel(id) : 'unknown';
    if (verdict === 'unknown') return reply.code(404).send({ error: 'no run of this server has that id (runs of the CLI are cancelled in their terminal)' });
    if (verdict === 'finished') return reply.code(409).send({ error: 'the run is over' });
    return reply.code(202).send({ id, cancelling: true });
  });

  app.get<{ Params: { id: string } }>('/api/v1/runs/:id/events', async (req, reply) => {
    const { id } = req.params;
    const live = isRunId(id) ? runs.get(id) : undefined;
    const journal = isRunId(id) ? workspace.journalFile(id) : undefined;
    if (live === undefined && (journal === undefined || !existsSync(journal))) return reply.code(404).send({ error: 'no such run' });
    const after = Number(header(req, 'last-event-id') ?? '0');
    const from = Number.isInteger(after) && after > 0 ? after : 0;
    reply.hijack();
    const stream = openEventStream(reply.raw, SECURITY_HEADERS);
    if (live !== undefined) streamLiveRun(live, stream, from);
    else streamJournal(journal as string, stream, from);
  });

  return {
    app,
    runs,
    loginUrl: (base) => `${base.replace(/\/$/, '')}/login?code=${codes.issue()}`,
    close: async () => {
      runs.cancelAll();
      await app.close();
    },
  };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const BAD_NAME = 'names are letters, digits, ".", "_" and "-", starting with a letter or digit';

function registerDocuments(app: FastifyInstance, documents: DocumentStore, kind: DocumentKind): void {
  app.get(`/api/v1/${kind}`, async () => documents.list(kind));
  app.get<{ Params: { name: string } }>(`/api/v1/${kind}/:name`, async (req, reply) => {
    const { name } = req.params;
    const content = isDocumentName(name) ? documents.get(kind, name) : undefined;
    if (content === undefined) return reply.code(404).send({ error: `no ${kind === 'inventories' ? 'inventory' : 'config'} named "${name}"` });
    return { name, content, values: documents.values(kind, name) ?? null };
  });
  // Checks an edit without storing it: the page's inline validation.
  app.post<{ Params: { name: string }; Body: { content: string; cluster?: boolean } }>(`/api/v1/${kind}/:name/check`, { schema: { body: documentCheckBodySchema } }, async (req, reply) => {
    const { name } = req.params;
    if (!isDocumentName(name)) return reply.code(400).send({ error: BAD_NAME });
    const diagnostics = documents.check(kind, name, req.body.content, req.body.cluster ?? false);
    return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics, values: parseValues(req.body.content) ?? null };
  });
  app.put<{ Params: { name: string }; Body: { content: string; cluster?: boolean } }>(`/api/v1/${kind}/:name`, { schema: { body: documentBodySchema } }, async (req, reply) => {
    const { name } = req.params;
    if (!isDocumentName(name)) return reply.code(400).send({ error: BAD_NAME });
    const outcome = documents.put(kind, name, req.body.content, req.body.cluster ?? false);
    if (!outcome.ok) return reply.code(422).send({ error: 'invalid; nothing was written', diagnostics: outcome.diagnostics });
    return { name, content: outcome.content, diagnostics: outcome.diagnostics };
  });
}
