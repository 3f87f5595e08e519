import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UploadedFile } from '@slack/bolt';
import { checkView, checkViewErrors } from './blockLimits.js';
import { FaultPlan, type InjectedFault, sendFault } from './faults.js';
import { handleFileDownload } from './fileDownloads.js';
import { slackFileObject } from './fileObjects.js';
import { handleResponseUrlPost } from './responseUrl.js';
import {
  DEFAULT_CHANNELS,
  DEFAULT_USERS,
  FAKE_WORKSPACE,
  type FakeChannelSeed,
  type FakeUserSeed,
  SEED_IDS,
} from './seed.js';
import { FakeSocketMode } from './socketMode.js';
import {
  type FakeCall,
  type FakeChange,
  type FakeFile,
  type FakeMessage,
  type FakeView,
  type FakeViolation,
  type ResponseUrlContext,
  SlackStore,
  TRIGGER_TTL_MS,
  type UserFileInput,
  VIEW_STACK_LIMIT,
} from './store.js';
import { type ApiResult, WEB_API_METHODS } from './webApiMethods.js';

export interface FakeSlackOptions {
  /** default 0: an ephemeral port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the bot token callers must present; default 'xoxb-fake' */
  token?: string;
  /** the app-level token Socket Mode's apps.connections.open takes; default 'xapp-fake' */
  appToken?: string;
  /** how long Socket Mode waits for an envelope's ack before it redelivers; default Slack's 3 s */
  socketAckTimeoutMs?: number;
  /** refuse messages and views that break Slack's limits (they are recorded either way); default true */
  strictLimits?: boolean;
  /** replace the seeded conversations / users */
  channels?: readonly FakeChannelSeed[];
  users?: readonly FakeUserSeed[];
  /** clock in ms, for expiring trigger_ids and response_urls in tests; default Date.now */
  now?: () => number;
  /** default 3000 (Slack's) */
  triggerTtlMs?: number;
}

/** How a modal ack to a view_submission changes the modal, per Slack's response_action. */
export interface ViewSubmissionAck {
  response_action?: 'update' | 'push' | 'clear' | 'errors';
  view?: Record<string, unknown>;
  errors?: Record<string, string>;
}

export interface ViewAckOutcome {
  ok: boolean;
  error?: string;
  /** the view now on top, if the modal stays open */
  view?: FakeView;
}

export interface MessageFilter {
  /** include ephemeral messages (default false: what everyone in the channel sees) */
  includeEphemeral?: boolean;
}

const JSON_ARGUMENTS: ReadonlyMap<string, string> = new Map([
  ['blocks', 'invalid_blocks_format'],
  ['attachments', 'invalid_attachments'],
  ['view', 'invalid_arguments'],
  ['metadata', 'invalid_metadata_format'],
  ['files', 'invalid_arguments'],
]);

interface ParsedArgs {
  args: Record<string, unknown>;
  malformed?: string;
}

/**
 * @slack/web-api sends application/x-www-form-urlencoded with objects (blocks, view) as JSON
 * strings; other clients send JSON. Both end up as the same argument object here.
 */
function parseApiArgs(contentType: string | undefined, raw: string, query: URLSearchParams): ParsedArgs {
  const args: Record<string, unknown> = Object.fromEntries(query);
  if (raw.length > 0) {
    if (contentType?.includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          return { args, malformed: 'invalid_json' };
        }
        Object.assign(args, parsed);
      } catch {
        return { args, malformed: 'invalid_json' };
      }
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  for (const [key, error] of JSON_ARGUMENTS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      return { args, malformed: error };
    }
  }
  return { args };
}

function readBytes(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  return (await readBytes(request)).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

/**
 * A loopback stand-in for Slack's Web API and response_urls, with a model of the workspace that
 * tests and the local workbench can inspect. Start it with `startFakeSlack`.
 */
export class FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly strictLimits: boolean;
  readonly store: SlackStore;
  /** faults planned for coming Web API calls (see failNext) */
  readonly faults: FaultPlan;
  /** Slack's Socket Mode side: connections the app opens, envelopes delivered to them */
  readonly socketMode: FakeSocketMode;
  private readonly server: Server;

  constructor(
    server: Server,
    store: SlackStore,
    settings: {
      host: string;
      token: string;
      strictLimits: boolean;
      faults: FaultPlan;
      socketMode: FakeSocketMode;
    },
  ) {
    this.server = server;
    this.socketMode = settings.socketMode;
    this.faults = settings.faults;
    this.store = store;
    this.token = settings.token;
    this.strictLimits = settings.strictLimits;
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://${settings.host}:${this.port}`;
    this.apiUrl = `${this.url}/api/`;
  }

  /**
   * The next calls of `method` (matching `matches`, default all) answer with these faults in order —
   * 429 with Retry-After, 500 — without doing anything; later calls work again.
   */
  failNext(
    method: string,
    faults: InjectedFault[],
    matches: (args: Record<string, unknown>) => boolean = () => true,
  ): void {
    this.faults.add(method, faults, matches);
  }

  /** Every Web API call and response_url post, in order (method 'response_url' for the latter). */
  get calls(): FakeCall[] {
    return this.store.calls;
  }

  /** Every message or view that broke Slack's limits, rejected or not. */
  get violations(): FakeViolation[] {
    return this.store.violations;
  }

  /** Files shared into `channel` (files.completeUploadExternal), oldest first, with the bytes received. */
  filesIn(channel: string): FakeFile[] {
    return [...this.store.files.values()].filter((file) => file.sharedIn.includes(channel));
  }

  fileById(fileId: string): FakeFile | undefined {
    return this.store.files.get(fileId);
  }

  /**
   * A person picks a file in a modal's file_input: Slack's client uploads it at once, so it is in the
   * workspace — complete, shared nowhere, owned by `user` — before the modal is submitted. Put its id in
   * a submission's file_input value (see `fileInputValue` in payloads.ts). Throws a UserFileError for a
   * file over Slack's 10 MB or a user who is not a person in the workspace.
   */
  uploadUserFile(input: UserFileInput): FakeFile {
    return this.store.addUserFile(input);
  }

  /** Slack's file object for a stored file (as files.info and file_input values carry it); undefined if unknown. */
  slackFile(fileId: string): UploadedFile | undefined {
    const file = this.store.files.get(fileId);
    return file ? slackFileObject(file, this.store, this.url) : undefined;
  }

  on(event: 'change', listener: (change: FakeChange) => void): this {
    this.store.on(event, listener);
    return this;
  }

  off(event: 'change', listener: (change: FakeChange) => void): this {
    this.store.off(event, listener);
    return this;
  }

  /** A trigger_id as Slack puts in a command or interaction payload: valid for 3 s, usable once. */
  issueTriggerId(context: { user?: string; channel?: string } = {}): string {
    return this.store.issueTrigger(context.user ?? SEED_IDS.analyst, context.channel).id;
  }

  /** A response_url for a command or interaction in `context.channel` by `context.user`. */
  createResponseUrl(context: ResponseUrlContext): string {
    return `${this.url}/response/${this.store.addResponseUrl(context).id}`;
  }

  /** Top-level messages of a channel, oldest first. */
  messagesIn(channel: string, filter: MessageFilter = {}): FakeMessage[] {
    return (this.store.messages.get(channel) ?? []).filter(
      (message) =>
        (message.threadTs === undefined || message.threadTs === message.ts) &&
        (filter.includeEphemeral || message.ephemeralFor === undefined),
    );
  }

  /** Replies in the thread under `ts`, oldest first. */
  threadReplies(channel: string, ts: string, filter: MessageFilter = {}): FakeMessage[] {
    return (this.store.messages.get(channel) ?? []).filter(
      (message) =>
        message.threadTs === ts &&
        message.ts !== ts &&
        (filter.includeEphemeral || message.ephemeralFor === undefined),
    );
  }

  /** Ephemeral messages only `user` sees, oldest first, optionally in one channel. */
  ephemeralsFor(user: string, channel?: string): FakeMessage[] {
    const channels = channel ? [channel] : [...this.store.messages.keys()];
    return channels
      .flatMap((id) => this.store.messages.get(id) ?? [])
      .filter((message) => message.ephemeralFor === user)
      .sort((a, b) => a.ts.localeCompare(b.ts));
  }

  /** The user's open modal stack, root first. */
  openViews(user: string): FakeView[] {
    return this.store.openViewStack(user);
  }

  viewById(viewId: string): FakeView | undefined {
    return this.store.views.get(viewId);
  }

  /** The user's Home tab as the app last published it (views.publish); undefined until it has. */
  homeView(userId: string): FakeView | undefined {
    return this.store.homeViews.get(userId);
  }

  setBotMember(channel: string, isMember: boolean): void {
    this.store.setBotMember(channel, isMember);
  }

  /** The user pressed Cancel (or Escape): this view and any view above it close. */
  closeView(viewId: string): void {
    this.store.closeView(viewId);
  }

  /** The user pressed × on a modal: Slack closes the whole stack, pushed views and root alike. */
  closeViewStack(user: string): void {
    this.store.closeStack(user);
  }

  /**
   * Slack got no usable ack to a view_submission (none within 3 s, or one it refused): the modal
   * stays as it was, with "We had some trouble connecting" at the top.
   */
  showSubmissionFailure(viewId: string): void {
    const record = this.store.views.get(viewId);
    if (record?.state === 'open') this.store.setSubmissionFailure(record);
  }

  /**
   * Applies the app's ack to a view_submission the way Slack does: no response_action closes the
   * submitted view, 'clear' closes the whole stack, 'update' replaces it, 'push' stacks a new
   * view, 'errors' keeps it open with field errors. An ack Slack would refuse leaves the view as it
   * was, showing Slack's generic error.
   */
  applyViewSubmissionAck(viewId: string, ack: ViewSubmissionAck = {}): ViewAckOutcome {
    const record = this.store.views.get(viewId);
    if (record?.state !== 'open') return { ok: false, error: 'not_found' };
    const outcome = this.applyAck(record, ack);
    if (!outcome.ok) this.store.setSubmissionFailure(record);
    return outcome;
  }

  private refusedAck(method: string, violations: string[]): boolean {
    if (violations.length === 0) return false;
    this.store.recordViolation({ method, at: this.store.now(), violations, rejected: this.strictLimits });
    return this.strictLimits;
  }

  private applyAck(record: FakeView, ack: ViewSubmissionAck): ViewAckOutcome {
    switch (ack.response_action) {
      case undefined:
        this.store.closeView(record.id);
        return { ok: true };
      case 'clear':
        this.store.closeStack(record.user);
        return { ok: true };
      case 'errors': {
        const errors = ack.errors ?? {};
        if (this.refusedAck('view_submission:errors', checkViewErrors(record.view, errors))) {
          return { ok: false, error: 'invalid_arguments' };
        }
        this.store.setViewErrors(record, errors);
        return { ok: true, view: record };
      }
      case 'update':
      case 'push': {
        if (!ack.view) return { ok: false, error: 'invalid_arguments' };
        if (this.refusedAck(`view_submission:${ack.response_action}`, checkView(ack.view))) {
          return { ok: false, error: 'invalid_blocks' };
        }
        if (ack.response_action === 'update')
          return { ok: true, view: this.store.replaceView(record, ack.view) };
        if ((this.store.viewStacks.get(record.user) ?? []).length >= VIEW_STACK_LIMIT) {
          return { ok: false, error: 'push_limit_reached' };
        }
        return { ok: true, view: this.store.pushView(record.user, ack.view, false) };
      }
      default:
        return { ok: false, error: 'invalid_arguments' };
    }
  }

  /**
   * Resolves with the first recorded call matching `predicate` (already recorded or yet to come);
   * rejects after `timeoutMs`. For work an app does after it has acked.
   */
  waitFor(predicate: (call: FakeCall) => boolean, timeoutMs = 2000): Promise<FakeCall> {
    const existing = this.store.calls.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onChange = (change: FakeChange): void => {
        if (change.kind === 'call' && predicate(change.call)) {
          clearTimeout(timer);
          this.store.off('change', onChange);
          resolve(change.call);
        }
      };
      const timer = setTimeout(() => {
        this.store.off('change', onChange);
        const seen = this.store.calls.map((call) => `${call.method}${call.ok ? '' : `(${call.error})`}`);
        reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; calls: [${seen.join(', ')}]`));
      }, timeoutMs);
      this.store.on('change', onChange);
    });
  }

  /** Forgets calls, violations, messages, views (Home tabs too), trigger_ids and response_urls; keeps channels and users. */
  reset(): void {
    this.store.reset();
  }

  close(): Promise<void> {
    this.socketMode.close();
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1];
}

async function handleApiRequest(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  query: URLSearchParams,
  settings: FakeSettings,
): Promise<void> {
  const { store } = settings;
  const raw = await readBody(request);
  const { args, malformed } = parseApiArgs(request.headers['content-type'], raw, query);
  const fault = settings.faults.take(method, args);
  if (fault !== undefined) {
    store.recordCall({
      method,
      args,
      at: store.now(),
      ok: false,
      error: `injected_${fault.status}`,
      response: {},
    });
    await sendFault(response, fault);
    return;
  }
  const presented = bearerToken(request) ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  let result: ApiResult;
  // the one method that takes the app-level token, not the bot token
  if (method === 'apps.connections.open') result = settings.socketMode.openConnection(presented);
  else if (presented === undefined) result = { ok: false, error: 'not_authed' };
  else if (presented !== settings.token) result = { ok: false, error: 'invalid_auth' };
  else if (malformed) result = { ok: false, error: malformed };
  else {
    const handler = WEB_API_METHODS.get(method);
    result = handler
      ? handler(args, {
          store,
          strictLimits: settings.strictLimits,
          uploadUrlBase: settings.uploadUrlBase,
          baseUrl: settings.baseUrl,
        })
      : { ok: false, error: 'unknown_method' };
  }
  store.recordCall({
    method,
    args,
    at: store.now(),
    ok: result.ok,
    ...(result.error ? { error: result.error } : {}),
    response: result,
  });
  // Slack answers 200 with ok:false for API-level errors; @slack/web-api turns those into errors.
  sendJson(response, 200, result);
}

interface FakeSettings {
  store: SlackStore;
  token: string;
  strictLimits: boolean;
  faults: FaultPlan;
  socketMode: FakeSocketMode;
  /** set once the server listens */
  uploadUrlBase: string;
  /** the fake's own URL, no trailing slash; set once the server listens */
  baseUrl: string;
}

/** The bytes of a file upload: multipart (what @slack/web-api sends: one part) or the raw body, both of which Slack takes. */
async function uploadedBytes(request: IncomingMessage, body: Buffer): Promise<Buffer | undefined> {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) return body;
  const form = await new Response(new Uint8Array(body), {
    headers: { 'content-type': contentType },
  }).formData();
  let part: Blob | undefined;
  form.forEach((value) => {
    if (part === undefined && typeof value !== 'string') part = value;
  });
  const found = part as Blob | undefined;
  return found === undefined ? undefined : Buffer.from(await found.arrayBuffer());
}

/**
 * POST to an upload_url from files.getUploadURLExternal. Like Slack's, the URL itself is the credential
 * (no token). The fake is stricter than Slack where that catches a bug: the bytes must be exactly the
 * announced length, and a file is uploaded once. Recorded as a call without its bytes, which tests read
 * from the store (`fileById`) — an export's content must not land in every call dump.
 */
async function handleUploadRequest(
  request: IncomingMessage,
  response: ServerResponse,
  token: string,
  store: SlackStore,
): Promise<void> {
  const body = await readBytes(request);
  const file = store.fileByUploadToken(token);
  let status = 200;
  let error: string | undefined;
  const bytes = file ? await uploadedBytes(request, body) : undefined;
  if (!file) [status, error] = [404, 'upload_url_unknown'];
  else if (file.bytes !== undefined) [status, error] = [409, 'already_uploaded'];
  else if (bytes === undefined) [status, error] = [400, 'no_file_part'];
  else if (bytes.length !== file.length) [status, error] = [400, 'length_mismatch'];
  else store.receiveFileBytes(file, bytes);
  const answer = error ?? `OK - ${file?.length ?? 0}`;
  store.recordCall({
    method: 'file_upload',
    args: { file_id: file?.id ?? null, bytes: bytes?.length ?? body.length },
    at: store.now(),
    ok: error === undefined,
    ...(error ? { error } : {}),
    response: answer,
  });
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(answer);
}

async function handleResponseUrlRequest(
  request: IncomingMessage,
  response: ServerResponse,
  id: string,
  requestUrl: string,
  settings: { store: SlackStore; strictLimits: boolean },
): Promise<void> {
  const { store } = settings;
  const raw = await readBody(request);
  const reply = handleResponseUrlPost(store, id, raw, settings.strictLimits);
  store.recordCall({
    method: 'response_url',
    args: reply.args,
    at: store.now(),
    ok: reply.ok,
    ...(reply.error ? { error: reply.error } : {}),
    response: reply.body,
    responseUrl: requestUrl,
  });
  response.writeHead(reply.status, { 'content-type': reply.contentType });
  response.end(reply.body);
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? 'xoxb-fake';
  const strictLimits = options.strictLimits ?? true;
  const store = new SlackStore({
    channels: options.channels ?? DEFAULT_CHANNELS,
    users: options.users ?? DEFAULT_USERS,
    now: options.now ?? Date.now,
    triggerTtlMs: options.triggerTtlMs ?? TRIGGER_TTL_MS,
  });
  const faults = new FaultPlan();
  const socketMode = new FakeSocketMode({
    appToken: options.appToken ?? 'xapp-fake',
    botToken: token,
    appId: FAKE_WORKSPACE.appId,
    ...(options.socketAckTimeoutMs === undefined ? {} : { ackTimeoutMs: options.socketAckTimeoutMs }),
  });
  const settings: FakeSettings = {
    store,
    token,
    strictLimits,
    faults,
    socketMode,
    uploadUrlBase: '',
    baseUrl: '',
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake-slack.invalid');
    const apiMatch = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const responseMatch = /^\/response\/([a-f0-9]+)$/.exec(url.pathname);
    const uploadMatch = /^\/upload\/v1\/([a-f0-9]+)$/.exec(url.pathname);
    let work: Promise<void>;
    if (apiMatch?.[1] && (request.method === 'POST' || request.method === 'GET')) {
      work = handleApiRequest(request, response, apiMatch[1], url.searchParams, settings);
    } else if (
      url.pathname.startsWith('/files-pri/') &&
      (request.method === 'GET' || request.method === 'HEAD')
    ) {
      handleFileDownload(request, response, url.pathname, settings);
      return;
    } else if (uploadMatch?.[1] && request.method === 'POST') {
      work = handleUploadRequest(request, response, uploadMatch[1], store);
    } else if (responseMatch?.[1] && request.method === 'POST') {
      work = handleResponseUrlRequest(
        request,
        response,
        responseMatch[1],
        `${settings.baseUrl}${url.pathname}`,
        settings,
      );
    } else {
      sendJson(response, 404, { ok: false, error: 'not_found' });
      return;
    }
    work.catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: 'fatal_error', detail: String(error) });
      else response.destroy();
    });
  });

  server.on('upgrade', (request, socket, head) => socketMode.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const fake = new FakeSlack(server, store, { host, token, strictLimits, faults, socketMode });
  settings.baseUrl = fake.url;
  socketMode.baseUrl = `ws://${host}:${fake.port}`;
  settings.uploadUrlBase = `${fake.url}/upload/v1/`;
  return fake;
}
