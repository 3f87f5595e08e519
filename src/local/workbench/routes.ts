import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { z } from 'zod';
import type { Locale } from '../../i18n/catalog.js';
import type { Logger } from '../../logging/logger.js';
import type { RouteHandler } from '../../server/httpServer.js';
import { COMMANDS } from '../../slack/ids.js';
import type { FakeChange, FakeSlack } from '../fake-slack/index.js';
import {
  commandRequest,
  homeActionRequest,
  homeOpenRequest,
  localToolRequest,
  messageActionRequest,
  messageRequest,
  RequestBodyError,
  readJsonBody,
  shortcutRequest,
  viewActionRequest,
  viewCloseRequest,
  viewSubmitRequest,
} from './apiRequests.js';
import { ChangeStream } from './changeStream.js';
import { FILES_PATH, handleFileDownload, handleFileUpload } from './fileRoutes.js';
import { type ClientOutcome, WorkbenchSlackClient } from './slackClient.js';
import { workbenchText } from './static/strings.js';
import { isStaticAsset, serveStaticAsset } from './staticAssets.js';
import { ArrivalTimes, workspaceSnapshot } from './workspaceSnapshot.js';

export interface WorkbenchOptions {
  fake: FakeSlack;
  /** the app's signing secret: the workbench signs like Slack */
  signingSecret: string;
  logger: Logger;
  /** the app's compliance channels, marked in the channel list */
  complianceChannels?: ReadonlySet<string>;
  /** the app's LOCALE: the page and Slackbot speak it too (default en) */
  locale?: Locale;
  /** what the page's "Local tools" buttons run; a tool without its hook answers 404 */
  localHooks?: WorkbenchLocalHooks;
}

/** Local-mode shortcuts the workbench page offers, wired by whoever starts local mode. */
export interface WorkbenchLocalHooks {
  /** screen every due watch now instead of waiting for the schedule */
  runWatchCycle?: () => Promise<{ checked: number }>;
  /** move the Juhe sandbox's data on to its next generation */
  advanceSandbox?: () => { generation: number };
}

export interface Workbench {
  /** mount on the app's server (startApp's extraRoutes) */
  routes: RouteHandler;
  /** where to POST /slack/events; known once the app listens */
  setAppUrl(url: string): void;
  /** ends the event streams and stops following the fake */
  close(): void;
}

const API = '/workbench/api';
const KNOWN_COMMANDS: ReadonlySet<string> = new Set(Object.values(COMMANDS));

type LocalTool = 'watchCycle' | 'sandboxAdvance';
/** The local tools' routes: POST with an empty JSON object, behind the same guards as every API route. */
const LOCAL_TOOLS: ReadonlyMap<string, LocalTool> = new Map([
  [`${API}/watch-cycle`, 'watchCycle'],
  [`${API}/sandbox-advance`, 'sandboxAdvance'],
]);

/**
 * The browser workbench: a Slack-like page plus the JSON API it drives. The API only plays the
 * Slack client; every effect on the app goes through signed requests to POST /slack/events.
 */
export function createWorkbench(options: WorkbenchOptions): Workbench {
  const { fake, logger } = options;
  const locale = options.locale ?? 'en';
  let appUrl: string | undefined;
  const client = new WorkbenchSlackClient({
    fake,
    signingSecret: options.signingSecret,
    logger,
    locale,
    appUrl: () => {
      if (appUrl === undefined) throw new Error('the workbench was used before the app listened');
      return appUrl;
    },
  });
  const stream = new ChangeStream();
  const arrivals = new ArrivalTimes();
  const onChange = (change: FakeChange): void => {
    if (change.kind === 'message_posted') arrivals.record(change.message, Date.now());
    stream.changed();
  };
  fake.on('change', onChange);
  // Everyone gets a DM with the app, as in a workspace where the app is installed.
  for (const user of fake.store.users.values()) if (!user.isBot) fake.store.dmWith(user.id);

  const isHumanUser = (id: string): boolean => {
    const user = fake.store.users.get(id);
    return user !== undefined && !user.isBot;
  };

  async function handleApi(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && path === `${API}/events`) {
      stream.open(req, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://workbench.invalid');
    if (req.method === 'POST' && path === FILES_PATH) return handleFileUpload(fake, url, req, res);
    if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith(`${FILES_PATH}/`)) {
      return handleFileDownload(fake, url, res, req.method === 'HEAD');
    }
    if (req.method === 'GET' && path === `${API}/state`) {
      const user = url.searchParams.get('user') ?? '';
      if (!isHumanUser(user)) return sendJson(res, 404, { ok: false, error: 'user_not_found' });
      const snapshot = workspaceSnapshot(
        fake,
        user,
        stream.currentVersion,
        arrivals,
        options.complianceChannels,
      );
      return sendJson(res, 200, snapshot);
    }
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
    const body = await readJsonBody(req);
    const tool = LOCAL_TOOLS.get(path);
    if (tool) return runLocalTool(tool, body, res);
    const outcome = await handlePost(path, body);
    sendJson(res, outcome.ok ? 200 : outcome.status >= 400 ? outcome.status : 502, outcome);
  }

  async function runLocalTool(tool: LocalTool, body: unknown, res: ServerResponse): Promise<void> {
    if (!localToolRequest.safeParse(body).success) {
      return sendJson(res, 400, { ok: false, error: 'invalid_request' });
    }
    const hooks = options.localHooks ?? {};
    try {
      let result: Record<string, unknown>;
      if (tool === 'watchCycle') {
        if (!hooks.runWatchCycle) return sendJson(res, 404, { ok: false, error: 'not_available' });
        result = { ...(await hooks.runWatchCycle()) };
      } else {
        if (!hooks.advanceSandbox) return sendJson(res, 404, { ok: false, error: 'not_available' });
        result = { ...hooks.advanceSandbox() };
      }
      return sendJson(res, 200, { ok: true, ...result });
    } catch (error) {
      logger.error({ err: error, tool }, 'workbench: a local tool failed');
      return sendJson(res, 500, { ok: false, error: 'tool_failed' });
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new RequestBodyError(400, 'invalid_request');
    if (!isHumanUser((parsed.data as { user: string }).user))
      throw new RequestBodyError(404, 'user_not_found');
    return parsed.data;
  }

  async function handlePost(path: string, body: unknown): Promise<ClientOutcome> {
    switch (path) {
      case `${API}/command`: {
        const input = parse(commandRequest, body);
        const [command = ''] = input.text.split(/\s+/);
        const text = input.text.slice(command.length).trim();
        if (!KNOWN_COMMANDS.has(command)) {
          fake.store.addMessage({
            channel: input.channel,
            user: 'USLACKBOT',
            text: workbenchText(locale, 'slackbot.invalidCommand', { command }),
            ephemeralFor: input.user,
            via: 'workbench',
          });
          return { ok: false, status: 400, error: 'unknown_command', shownToUser: true };
        }
        return client.slashCommand({ user: input.user, channel: input.channel, command, text });
      }
      case `${API}/message`: {
        const input = parse(messageRequest, body);
        return client.postMessage({
          user: input.user,
          channel: input.channel,
          text: input.text,
          ...(input.threadTs ? { threadTs: input.threadTs } : {}),
        });
      }
      case `${API}/action`: {
        if (typeof body === 'object' && body !== null && 'viewId' in body) {
          const input = parse(viewActionRequest, body);
          return client.clickViewButton(input);
        }
        const input = parse(messageActionRequest, body);
        return client.clickMessageButton(input);
      }
      case `${API}/view/submit`:
        return client.submitView(parse(viewSubmitRequest, body));
      case `${API}/view/close`:
        return client.closeView(parse(viewCloseRequest, body));
      case `${API}/shortcut`:
        return client.messageShortcut(parse(shortcutRequest, body));
      case `${API}/home/open`:
        return client.openHome(parse(homeOpenRequest, body));
      case `${API}/home/action`:
        return client.clickHomeButton(parse(homeActionRequest, body));
      default:
        return { ok: false, status: 404, error: 'not_found' };
    }
  }

  const routes: RouteHandler = async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://workbench.invalid').pathname;
    const isAsset = isStaticAsset(path) && (req.method === 'GET' || req.method === 'HEAD');
    if (!isAsset && !path.startsWith(`${API}/`)) return false;
    if (!isTrustedHost(req.headers.host) || !isSameOrigin(req)) {
      sendJson(res, 403, { ok: false, error: 'forbidden_origin' });
      return true;
    }
    try {
      if (isAsset) await serveStaticAsset(path, res, req.method === 'HEAD', locale);
      else await handleApi(path, req, res);
    } catch (error) {
      if (!(error instanceof RequestBodyError)) throw error;
      sendJson(res, error.status, { ok: false, error: error.code });
    }
    return true;
  };

  return {
    routes,
    setAppUrl(url) {
      appUrl = url;
    },
    close() {
      fake.off('change', onChange);
      stream.close();
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/**
 * Only loopback names and IP literals: a page on some other DNS name that rebinds to this machine
 * must not drive the app (with real Juhe keys that would spend money).
 */
export function isTrustedHost(host: string | undefined): boolean {
  if (!host) return false;
  const hostname = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return hostname === 'localhost' || isIP(hostname) !== 0;
}

/** Browsers send Origin on cross-site requests; it must name this very server. */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
