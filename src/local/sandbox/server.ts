import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestParams, SandboxEndpoint } from './endpoint.js';
import { errorEnvelope, type JuheEnvelope } from './envelope.js';
import type { Fault } from './faults.js';
import { financeInfoEndpoint } from './financeInfo.js';
import { requestFingerprint } from './orderId.js';
import { personRiskEndpoint } from './personRisk.js';

export interface SandboxKeys {
  risk: string;
  finance: string;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  host?: string;
  keys?: SandboxKeys;
  /** how long the slow faults stall, in ms */
  slowMs?: number;
  /**
   * how long every Juhe answer takes at least, in ms (default 0): Juhe's own time to answer, e.g. for a
   * browser test that must see a batch while it runs. The slow faults stall on top of it.
   */
  latencyMs?: number;
  /** called for every recorded request (key already masked), e.g. to log it */
  onRequest?: (request: SandboxRequest) => void;
  /** the generation of the records that change over time to start at: a non-negative integer, default 0 */
  generation?: number;
}

export interface SandboxRequest {
  method: string;
  path: string;
  /** query and form parameters; the key's value is replaced by '[key]' */
  params: Record<string, string>;
  keyValid: boolean;
  /** epoch ms when the request was recorded */
  at: number;
}

export interface JuheSandbox {
  /** http://host:port, no trailing slash */
  url: string;
  port: number;
  requests: readonly SandboxRequest[];
  requestCount(path?: string): number;
  /** forgets recorded requests, and which flaky inputs have already failed once (not the generation) */
  resetRequests(): void;
  /**
   * Which generation of the records that change over time is served (see docs/sandbox.md, "Records that
   * change over time"); only the 刘卫东 fixture depends on it.
   */
  readonly generation: number;
  /** moves to the next generation and returns it */
  advanceGeneration(): number;
  /** moves to generation `n`, a non-negative integer (RangeError otherwise) */
  setGeneration(n: number): void;
  /** closes every socket, keep-alive and hanging slow responses included */
  close(): Promise<void>;
}

export const DEFAULT_SANDBOX_KEYS: SandboxKeys = { risk: 'sandbox-risk-key', finance: 'sandbox-finance-key' };

const DEFAULT_SLOW_MS = 5000;
const MAX_BODY_BYTES = 1024 * 1024;
const KEY_MASK = '[key]';
const BAD_KEY = 10001;
const BAD_PARAMETERS = 240103;
const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
/** how many pieces the slow-body fault trickles its body in */
const TRICKLE_PIECES = 4;

/** The HTTP control of the generation: not a Juhe path, so it needs no key. */
export const GENERATION_CONTROL_PATH = '/_sandbox/generation';
/** The highest generation the HTTP control sets (the API takes any non-negative integer). */
export const MAX_CONTROL_GENERATION = 1000;

const ENDPOINTS: ReadonlyMap<string, SandboxEndpoint> = new Map([
  ['/personRisk/query', personRiskEndpoint],
  ['/financeInfo/query', financeInfoEndpoint],
]);

function nginxPage(status: number, title: string): string {
  return `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

const NOT_FOUND_PAGE = nginxPage(404, 'Not Found');
const BAD_GATEWAY_PAGE = nginxPage(502, 'Bad Gateway');
const PAYLOAD_TOO_LARGE_PAGE = nginxPage(413, 'Request Entity Too Large');
const INTERNAL_ERROR_PAGE = nginxPage(500, 'Internal Server Error');
/** The start of a success envelope, cut off where a proxy might cut it. */
const MALFORMED_JSON = '{"reason":"成功","result":{';

class BodyTooLargeError extends Error {}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

function envelopeBytes(envelope: JuheEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope));
}

function sendEnvelope(res: ServerResponse, envelope: JuheEnvelope): void {
  send(res, 200, JSON_CONTENT_TYPE, envelopeBytes(envelope));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Query parameters, overridden by a form-encoded POST body (other body types are ignored, like Juhe). */
async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  if (req.method !== 'POST') return params;
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return params;
  return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
}

function maskKey(params: RequestParams): Record<string, string> {
  return 'key' in params ? { ...params, key: KEY_MASK } : { ...params };
}

function checkedGeneration(generation: unknown): number {
  if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) {
    throw new RangeError(`sandbox generation must be a non-negative integer, got ${String(generation)}`);
  }
  return generation;
}

type GenerationCommand =
  | { kind: 'advance' }
  | { kind: 'set'; generation: number }
  | { kind: 'bad'; error: string };

const CONTROL_USAGE = `POST an empty body or "advance" to advance, or {"generation": N} with an integer N from 0 to ${MAX_CONTROL_GENERATION} to set`;

/** Reads the control's body whatever its Content-Type (curl -d sends a form type). */
function generationCommand(body: string): GenerationCommand {
  const text = body.trim();
  if (text === '' || text === 'advance') return { kind: 'advance' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'bad', error: `body is neither empty, "advance" nor JSON: ${CONTROL_USAGE}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { kind: 'bad', error: `JSON body must be an object: ${CONTROL_USAGE}` };
  }
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'generation') {
    return { kind: 'bad', error: `JSON body must have exactly one field, "generation": ${CONTROL_USAGE}` };
  }
  const generation = (parsed as { generation: unknown }).generation;
  if (
    typeof generation !== 'number' ||
    !Number.isInteger(generation) ||
    generation < 0 ||
    generation > MAX_CONTROL_GENERATION
  ) {
    return {
      kind: 'bad',
      error: `"generation" must be an integer from 0 to ${MAX_CONTROL_GENERATION}, got ${JSON.stringify(generation)}`,
    };
  }
  return { kind: 'set', generation };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON_CONTENT_TYPE, JSON.stringify(body));
}

export async function startJuheSandbox(options: SandboxOptions = {}): Promise<JuheSandbox> {
  const keys = options.keys ?? DEFAULT_SANDBOX_KEYS;
  const slowMs = options.slowMs ?? DEFAULT_SLOW_MS;
  const latencyMs = options.latencyMs ?? 0;
  const host = options.host ?? '127.0.0.1';
  const requests: SandboxRequest[] = [];
  const state = { generation: checkedGeneration(options.generation ?? 0) };
  /** fingerprints of flaky requests that have already been reset once */
  const flakyFailed = new Set<string>();
  const sockets = new Set<Socket>();
  const closing = new AbortController();

  function record(request: SandboxRequest): void {
    requests.push(request);
    options.onRequest?.(request);
  }

  /** Waits, but gives up when the sandbox closes or the client goes away. */
  function stall(ms: number, res: ServerResponse): Promise<void> {
    const gone = new AbortController();
    const onClose = (): void => gone.abort();
    res.once('close', onClose);
    return sleep(ms, undefined, { signal: AbortSignal.any([closing.signal, gone.signal]) }).finally(() =>
      res.off('close', onClose),
    );
  }

  async function trickle(res: ServerResponse, body: Buffer): Promise<void> {
    res.writeHead(200, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': body.length });
    res.flushHeaders();
    const pieceSize = Math.ceil(body.length / TRICKLE_PIECES);
    for (let piece = 0; piece < TRICKLE_PIECES; piece += 1) {
      if (piece > 0) await stall(slowMs / (TRICKLE_PIECES - 1), res);
      res.write(body.subarray(piece * pieceSize, (piece + 1) * pieceSize));
    }
    res.end();
  }

  function truncate(res: ServerResponse, body: Buffer): void {
    res.writeHead(200, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  }

  function reset(req: IncomingMessage): void {
    req.socket.resetAndDestroy();
  }

  async function applyFault(
    fault: Fault,
    endpoint: SandboxEndpoint,
    params: RequestParams,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    switch (fault.kind) {
      case 'slow':
        await stall(fault.delayMs ?? slowMs, res);
        sendEnvelope(res, endpoint.faultPayload(params, false));
        return;
      case 'slowBody':
        await trickle(res, envelopeBytes(endpoint.faultPayload(params, false)));
        return;
      case 'html502':
        send(res, 502, HTML_CONTENT_TYPE, BAD_GATEWAY_PAGE);
        return;
      case 'malformedJson':
        send(res, 200, JSON_CONTENT_TYPE, MALFORMED_JSON);
        return;
      case 'truncated':
        truncate(res, envelopeBytes(endpoint.faultPayload(params, false)));
        return;
      case 'wrongShape':
        sendEnvelope(res, endpoint.wrongShape(params));
        return;
      case 'reset':
        reset(req);
        return;
      case 'flaky': {
        const fingerprint = requestFingerprint(path, params);
        if (!flakyFailed.has(fingerprint)) {
          flakyFailed.add(fingerprint);
          reset(req);
          return;
        }
        sendEnvelope(res, endpoint.faultPayload(params, false));
        return;
      }
      case 'typesSwapped':
        sendEnvelope(res, endpoint.faultPayload(params, true));
        return;
      case 'error':
        sendEnvelope(res, errorEnvelope(fault.code, fault.weirdResult ?? null));
        return;
      case 'unrecognisedTrigger':
        sendEnvelope(res, errorEnvelope(BAD_PARAMETERS));
        return;
    }
  }

  function advanceGeneration(): number {
    state.generation = checkedGeneration(state.generation + 1);
    return state.generation;
  }

  /**
   * POST /_sandbox/generation. Recorded like any request (method, path, query parameters with a key
   * masked, keyValid false: it takes no key); the body is not recorded.
   */
  async function handleGenerationControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    record({
      method,
      path: url.pathname,
      params: maskKey(Object.fromEntries(url.searchParams)),
      keyValid: false,
      at: Date.now(),
    });
    if (method !== 'POST') {
      // Drain whatever was sent so the connection stays usable.
      req.resume();
      sendJson(res, 400, { error: `${method} is not supported: ${CONTROL_USAGE}` });
      return;
    }
    const command = generationCommand(await readBody(req));
    switch (command.kind) {
      case 'advance':
        sendJson(res, 200, { generation: advanceGeneration() });
        return;
      case 'set':
        state.generation = command.generation;
        sendJson(res, 200, { generation: state.generation });
        return;
      case 'bad':
        sendJson(res, 400, { error: command.error });
        return;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path === GENERATION_CONTROL_PATH) {
      await handleGenerationControl(req, res, url);
      return;
    }
    const endpoint = ENDPOINTS.get(path);
    if (!endpoint || (method !== 'GET' && method !== 'POST')) {
      record({
        method,
        path,
        params: maskKey(Object.fromEntries(url.searchParams)),
        keyValid: false,
        at: Date.now(),
      });
      send(res, 404, HTML_CONTENT_TYPE, NOT_FOUND_PAGE);
      return;
    }
    const params = await readParams(req, url);
    const keyValid = params.key === keys[endpoint.product];
    // Recorded before any fault acts, so tests can count retries of requests that never got an answer.
    record({ method, path, params: maskKey(params), keyValid, at: Date.now() });
    if (latencyMs > 0) await stall(latencyMs, res);
    if (!keyValid) {
      sendEnvelope(res, errorEnvelope(BAD_KEY));
      return;
    }
    const fault = endpoint.faultFor(params);
    if (fault) {
      await applyFault(fault, endpoint, params, req, res, path);
      return;
    }
    sendEnvelope(res, endpoint.answer(params, state));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError && !res.headersSent) {
        send(res, 413, HTML_CONTENT_TYPE, PAYLOAD_TOO_LARGE_PAGE);
        req.socket.destroySoon();
      } else if (!res.headersSent && !closing.signal.aborted && !res.destroyed) {
        send(res, 500, HTML_CONTENT_TYPE, INTERNAL_ERROR_PAGE);
      } else {
        // A stall cut short by close() or by the client leaving: nothing sensible left to send.
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  function close(): Promise<void> {
    closed ??= new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closed;
  }

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    requestCount: (path) =>
      path === undefined ? requests.length : requests.filter((request) => request.path === path).length,
    resetRequests: () => {
      requests.length = 0;
      flakyFailed.clear();
    },
    get generation() {
      return state.generation;
    },
    advanceGeneration,
    setGeneration: (n) => {
      state.generation = checkedGeneration(n);
    },
    close,
  };
}
