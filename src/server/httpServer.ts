import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';
import type { ReadinessReport } from './readiness.js';
import { admitSlackRequest } from './slackRequestGate.js';

/** Extra routes (the local workbench); returns false when the request is not theirs. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface HttpServerOptions {
  /** HTTP mode: Slack's requests at POST /slack/events; none in Socket Mode (a 404 there) */
  receiver?: HTTPReceiver;
  logger: Logger;
  /** false once the instance stops: /healthz and /readyz turn 503 */
  isReady: () => boolean;
  /** GET /readyz: the database (and Redis, when configured) answer */
  readiness: () => Promise<ReadinessReport>;
  /** GET /metrics: Prometheus text */
  metrics: { contentType: string; render(): Promise<string> };
  extraRoutes?: RouteHandler;
}

export const SLACK_EVENTS_PATH = '/slack/events';

/**
 * Our own server in front of Bolt's receiver: we need /healthz, /readyz and /metrics, the workbench
 * routes, port 0 for tests, and control over connections at shutdown.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  return createServer((req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error, path: pathOf(req) }, 'request handling failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = pathOf(req);
  if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
    const ready = options.isReady();
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: ready }));
    return;
  }
  if (path === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
    // a stopping instance takes no new work, whatever its dependencies say
    const report: ReadinessReport | { ok: false; stopping: true } = options.isReady()
      ? await options.readiness()
      : { ok: false, stopping: true };
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(report));
    return;
  }
  if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
    const body = await options.metrics.render();
    res.writeHead(200, { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  if (path === SLACK_EVENTS_PATH && options.receiver) {
    // Size and timestamp are refused here, before Bolt buffers the body or verifies its signature.
    if (req.method === 'POST') {
      if (!(await admitSlackRequest(req, res, { logger: options.logger }))) return;
    }
    options.receiver.requestListener(req, res);
    return;
  }
  if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}
