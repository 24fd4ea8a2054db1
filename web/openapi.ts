/** The API of `kplay web` as OpenAPI 3.1, served at `/api/openapi.json` (docs/web.md#api). */
import { packageVersion } from '../engine';

export const documentBodySchema = {
  type: 'object',
  required: ['content'],
  additionalProperties: false,
  properties: {
    content: { type: 'string', maxLength: 1048576 },
    cluster: { type: 'boolean', description: 'configs: also run the check of `kplay create cluster -c` (known keys and their types)' },
  },
} as const;

export const documentCheckBodySchema = documentBodySchema;

export const runBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    playbook: { type: 'string', minLength: 1, description: 'path inside the project directory' },
    command: { type: 'string', enum: ['create-cluster', 'precheck'] },
    inventory: { type: 'string', description: 'name of a stored inventory' },
    config: { type: 'string', description: 'name of a stored config' },
    check: { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    tags: { type: 'array', items: { type: 'string', minLength: 1 } },
    limit: { type: 'string', minLength: 1 },
    extra_vars: { type: 'object', description: 'variables above every other value (like -e {json})' },
  },
} as const;

export const hostCheckBodySchema = {
  type: 'object',
  required: ['inventory'],
  additionalProperties: false,
  properties: {
    inventory: { type: 'string', description: 'name of a stored inventory' },
    min_tmp_mib: { type: 'integer', minimum: 0, description: 'free space /tmp must have (default 1024)' },
  },
} as const;

const diagnostic = {
  type: 'object',
  properties: {
    file: { type: 'string' },
    line: { type: 'integer' },
    col: { type: 'integer' },
    severity: { enum: ['error', 'warning'] },
    message: { type: 'string' },
    code: { type: 'string' },
    text: { type: 'string', description: 'file:line:col: message (KP-…), as the CLI prints it' },
  },
};

const problem = {
  type: 'object',
  properties: { error: { type: 'string' }, diagnostics: { type: 'array', items: { $ref: '#/components/schemas/Diagnostic' } } },
};

const runSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    playbook: { type: 'string' },
    check: { type: 'boolean' },
    state: { enum: ['running', 'succeeded', 'failed', 'interrupted'] },
    started: { type: 'string', format: 'date-time' },
    ended: { type: 'string', format: 'date-time' },
    exitCode: { type: 'integer' },
    stats: { type: 'object' },
    error: { type: 'string' },
    origin: { enum: ['web'] },
  },
};

function json(schema: object, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const unauthorized = { 401: json(ref('Problem'), 'no valid token') };
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function documentPaths(kind: 'inventories' | 'configs', label: string) {
  return {
    [`/api/v1/${kind}`]: {
      get: { summary: `list stored ${label}s`, responses: { 200: json({ type: 'array', items: ref('DocumentSummary') }, 'names, sizes, times'), ...unauthorized } },
    },
    [`/api/v1/${kind}/{name}`]: {
      parameters: [nameParam],
      get: { summary: `one ${label}, secrets masked`, responses: { 200: json(ref('Document'), 'the YAML text'), 404: json(ref('Problem'), 'no such document'), ...unauthorized } },
      put: {
        summary: `validate (the CLI's loader and schemas) and store a ${label} atomically; a masked secret keeps its stored value`,
        requestBody: { required: true, content: { 'application/json': { schema: documentBodySchema } } },
        responses: { 200: json(ref('Document'), 'stored'), 422: json(ref('Problem'), 'invalid: positioned diagnostics, nothing written'), ...unauthorized },
      },
    },
    [`/api/v1/${kind}/{name}/check`]: {
      parameters: [nameParam],
      post: {
        summary: `what storing this ${label} would report, without storing it (inline validation)`,
        requestBody: { required: true, content: { 'application/json': { schema: documentCheckBodySchema } } },
        responses: { 200: json({ type: 'object', properties: { ok: { type: 'boolean' }, diagnostics: { type: 'array', items: ref('Diagnostic') } } }, 'the diagnostics'), ...unauthorized },
      },
    },
  };
}

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'kplay web', version: packageVersion(), description: 'docs/web.md' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'kplay_session', description: 'state-changing requests also need the header X-Kplay-Request: 1' },
      },
      schemas: {
        Diagnostic: diagnostic,
        Problem: problem,
        Document: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            content: { type: 'string' },
            values: { type: ['object', 'null'], description: 'GET: the document as data (secrets masked), for forms' },
            diagnostics: { type: 'array', items: ref('Diagnostic') },
          },
        },
        DocumentSummary: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, modified: { type: 'string' } } },
        RunRequest: runBodySchema,
        RunSummary: runSummary,
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      '/healthz': { get: { security: [], summary: 'liveness; needs no token', responses: { 200: json({ type: 'object' }, 'up') } } },
      ...documentPaths('inventories', 'inventory'),
      ...documentPaths('configs', 'config'),
      '/api/v1/info': {
        get: {
          summary: 'what this server offers: its version, the cluster commands it can run, whether it has the cluster config schema',
          responses: { 200: json({ type: 'object', properties: { version: { type: 'string' }, commands: { type: 'array', items: { type: 'string' } }, clusterConfig: { type: 'boolean' } } }, 'capabilities'), ...unauthorized },
        },
      },
      '/api/v1/schemas/cluster-config': {
        get: {
          summary: "JSON schema of the cluster project's config spec: every known key, its type, default and description (the config form is generated from it)",
          responses: { 200: json({ type: 'object' }, 'a JSON schema'), 404: json(ref('Problem'), 'no cluster project in this server'), ...unauthorized },
        },
      },
      '/api/v1/hosts/check': {
        post: {
          summary: 'kplay doctor on every host of a stored inventory: connect, host key, auth, shell, sudo, /tmp',
          requestBody: { required: true, content: { 'application/json': { schema: hostCheckBodySchema } } },
          responses: {
            200: json({ type: 'object', properties: { hosts: { type: 'array' }, summary: { type: 'object' }, exitCode: { type: 'integer' } } }, 'per host, what kplay doctor --output json reports'),
            422: json(ref('Problem'), 'the inventory is not stored or invalid'),
            ...unauthorized,
          },
        },
      },
      '/api/v1/ips': {
        get: {
          summary: 'the host addresses of an IPv4 or IPv6 CIDR (at most 4096)',
          parameters: [{ name: 'cidr', in: 'query', required: true, schema: { type: 'string' } }],
          responses: { 200: json({ type: 'object', properties: { cidr: { type: 'string' }, addresses: { type: 'array', items: { type: 'string' } } } }, 'addresses'), 400: json(ref('Problem'), 'not a CIDR or too large'), ...unauthorized },
        },
      },
      '/api/v1/runs': {
        get: { summary: 'run history from the journals (CLI runs too), newest first', responses: { 200: json({ type: 'array', items: ref('RunSummary') }, 'runs'), ...unauthorized } },
        post: {
          summary: 'start a run of a playbook (path in the project) or a cluster command',
          requestBody: { required: true, content: { 'application/json': { schema: ref('RunRequest') } } },
          responses: {
            202: json({ type: 'object', properties: { id: { type: 'string' } } }, 'started'),
            400: json(ref('Problem'), 'bad request'),
            422: json(ref('Problem'), 'inputs invalid: positioned diagnostics, nothing ran'),
            ...unauthorized,
          },
        },
      },
      '/api/v1/runs/{id}': {
        parameters: [idParam],
        get: { summary: 'status, stats and report of a run', responses: { 200: json(ref('RunSummary'), 'the run'), 404: json(ref('Problem'), 'no such run'), ...unauthorized } },
        delete: {
          summary: 'cancel a run like Ctrl-C: running commands stop, nothing new starts',
          responses: { 202: json({ type: 'object' }, 'cancelling'), 404: json(ref('Problem'), 'no such run of this server'), 409: json(ref('Problem'), 'already over'), ...unauthorized },
        },
      },
      '/api/v1/runs/{id}/events': {
        parameters: [idParam],
        get: {
          summary: 'Server-Sent Events: every event of the run as --output json prints it, from the start, then live; an "end" event at the end',
          responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 404: json(ref('Problem'), 'no such run'), ...unauthorized },
        },
      },
    },
  };
}
