import { App, HTTPReceiver, type ReceiverEvent } from '@slack/bolt';
import { toBoltLogger } from './logging/boltLogger.js';
import { runAsRequest } from './logging/requestContext.js';
import { meteredSlackClientOptions } from './metrics/slackApiMetrics.js';
import type { AppServices } from './slack/appServices.js';
import { InFlightWork } from './slack/inFlightWork.js';
import { auditQueriesMiddleware } from './slack/middleware/auditQueries.js';
import { requestScopeMiddleware } from './slack/middleware/requestScope.js';
import { registerRoundTripCheck } from './slack/middleware/roundTripValues.js';
import { unexpectedErrorHandler } from './slack/middleware/unexpectedErrors.js';
import { registerUnknownRequestGuard } from './slack/middleware/unknownRequests.js';
import { registerListeners } from './slack/registerListeners.js';
import { createReplayGuard, RECEIPT_KEY_PROPERTY, receiptKeyOfSignedBody } from './slack/replayGuard.js';
import { createRequestReceipts } from './store/requestReceipts.js';

/** @slack/socket-mode's own default for apps.connections.open (SocketModeClient), kept */
const SOCKET_MODE_OPEN_RETRIES = { retries: 100, factor: 1.3 };

export type SlackAppConnection =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl?: string }
  | { mode: 'socket'; botToken: string; appToken: string; apiUrl?: string };

export interface SlackApp {
  app: App;
  /** HTTP mode only: Bolt's listener for POST /slack/events, mounted in our own server */
  receiver?: HTTPReceiver;
  inFlight: InFlightWork;
}

/**
 * Builds the Bolt app around the given services. Tests build it with fakes; main.ts with the real
 * Juhe client. Nothing listens until the caller mounts the receiver or starts Socket Mode.
 */
export function createSlackApp(connection: SlackAppConnection, services: AppServices): SlackApp {
  const logger = toBoltLogger(services.logger);
  const clientOptions = {
    ...(connection.apiUrl ? { slackApiUrl: ensureTrailingSlash(connection.apiUrl) } : {}),
    // Slack answers in well under a second; a stuck call must not hold a listener for minutes.
    timeout: 10_000,
    // errors and retries counted for /metrics
    ...meteredSlackClientOptions(services.metrics, {
      retries: 2,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 1000,
    }),
  };
  const inFlight = new InFlightWork();
  let app: App;
  let receiver: HTTPReceiver | undefined;
  if (connection.mode === 'http') {
    receiver = new HTTPReceiver({
      signingSecret: connection.signingSecret,
      logger,
      // ack() answers Slack at once; the listener keeps running for the Juhe work.
      processBeforeResponse: false,
      // Runs once the signature has been verified, on the very bytes it was verified over: the replay
      // guard's key for this request (src/slack/replayGuard.ts).
      customPropertiesExtractor: (request) => ({
        [RECEIPT_KEY_PROPERTY]: receiptKeyOfSignedBody(request.rawBody),
      }),
    });
    app = new App({
      token: connection.botToken,
      receiver,
      logger,
      clientOptions,
      extendedErrorHandler: true,
    });
  } else {
    app = new App({
      token: connection.botToken,
      appToken: connection.appToken,
      socketMode: true,
      logger,
      extendedErrorHandler: true,
      clientOptions,
      // The Socket Mode client's own WebClient (apps.connections.open, at start and at every reconnect)
      // would otherwise take clientOptions' 2 retries: a Slack blip of a second during a reconnect would
      // leave the instance connected to nothing. It keeps the library's patient default, counted.
      installerOptions: {
        clientOptions: {
          ...clientOptions,
          ...meteredSlackClientOptions(services.metrics, SOCKET_MODE_OPEN_RETRIES),
        },
      },
    });
  }
  // One middleware per cross-cutting concern, in this order: the front door's guard for requests no
  // listener handles, round-trip tags checked and stripped, the request's scope (who, where, ack,
  // outbox), its audit; access is per surface (listener middleware), unexpected errors are Bolt's
  // extended error handler, presentation happens in the outbox.
  registerUnknownRequestGuard(app, services.logger);
  registerRoundTripCheck(app, services.roundTrip, services.logger);
  app.use(requestScopeMiddleware(services));
  app.use(auditQueriesMiddleware());
  registerListeners(app, services);
  app.error(unexpectedErrorHandler(services));
  runEachEventAsRequest(app, services, inFlight);
  return { app, ...(receiver ? { receiver } : {}), inFlight };
}

/**
 * Wraps Bolt's processEvent, which both receivers call, so that all of an event's work — the front door's
 * guard, middleware, listeners and the unexpected-error handler — runs with the request's log fields and
 * counts as in flight: shutdown waits for a failure to be reported too, and its log line names the request.
 * The replay check comes first, here rather than in the HTTP server, because this is the one place both
 * HTTP and Socket Mode pass: a replay is acked and nothing of the app runs for it.
 */
function runEachEventAsRequest(app: App, services: AppServices, inFlight: InFlightWork): void {
  const process = app.processEvent.bind(app);
  const isReplay = createReplayGuard({
    // the ack waits for this write: it goes ahead of the lookups' own
    receipts: createRequestReceipts(services.record.database.urgent),
    logger: services.logger,
    now: services.now,
  });
  app.processEvent = (event: ReceiverEvent) => {
    const kind = requestKind(event.body);
    const user = requestUser(event.body);
    return runAsRequest({ kind, ...(user ? { user } : {}) }, () =>
      inFlight.track(async () => {
        services.logger.debug('slack request');
        if (await isReplay(event)) return;
        await process(event);
      }),
    );
  };
}

function requestKind(body: unknown): string {
  const record = body as { command?: unknown; type?: unknown };
  if (typeof record.command === 'string') return `command ${record.command}`;
  return typeof record.type === 'string' ? record.type : 'unknown';
}

function requestUser(body: unknown): string | undefined {
  const record = body as { user_id?: unknown; user?: { id?: unknown } };
  const id = record.user_id ?? record.user?.id;
  return typeof id === 'string' ? id : undefined;
}

function ensureTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
