import type { Server } from 'node:http';
import { type AddressInfo, isIP } from 'node:net';
import { webApi } from '@slack/bolt';
import { createAccessPolicy } from './access/accessPolicy.js';
import { createSlackApp, type SlackApp, type SlackAppConnection } from './app.js';
import { createAuditLog } from './audit/auditLog.js';
import { createBatchRunner } from './batch/batchRunner.js';
import { createBatchStore } from './batch/batchStore.js';
import { createBudgetLedger } from './budgets/budgetLedger.js';
import {
  type AppConfig,
  DEFAULT_BATCH_CONFIG,
  DEFAULT_WATCH_CONFIG,
  type StoreConfig,
} from './config/config.js';
import { createRedisSingleFlight } from './coordination/redisSingleFlight.js';
import { createRedisSlotStore } from './coordination/redisSlotStore.js';
import { openSharedRedis, type SharedRedis } from './coordination/sharedRedis.js';
import { type JobEngine, startJobEngine } from './jobs/jobEngine.js';
import { createJuheCallQueue, type JuheCallQueue } from './juhe/callQueue.js';
import { createJuheClient, DEFAULT_MAX_CONCURRENCY, DEFAULT_QUEUE_TIMEOUT_MS } from './juhe/client.js';
import { MAX_ATTEMPTS } from './juhe/retryPolicy.js';
import { createInProcessSlotStore } from './juhe/slotStore.js';
import type { JuheApi, JuheService } from './juhe/types.js';
import { toBoltLogger } from './logging/boltLogger.js';
import type { Logger } from './logging/logger.js';
import { createLookupStore } from './lookups/lookupStore.js';
import { type AppMetrics, createAppMetrics } from './metrics/appMetrics.js';
import { registerBacklogGauges } from './metrics/backlogGauges.js';
import { meteredSlackClientOptions } from './metrics/slackApiMetrics.js';
import { scheduleRetention } from './retention/retentionSchedule.js';
import { createRiskPageCache, DEFAULT_CACHE_MAX_BYTES, tieredRiskPages } from './screening/riskPageCache.js';
import { createRiskScreening } from './screening/riskScreening.js';
import { createStoredRiskPages } from './screening/storedRiskPages.js';
import { createHttpServer, type RouteHandler } from './server/httpServer.js';
import { createReadiness } from './server/readiness.js';
import { type AppServices, newReferenceId } from './slack/appServices.js';
import { lookupInterruptedMessage } from './slack/blocks/errors.js';
import { createBatchReporter } from './slack/delivery/batchReports.js';
import { createLookupDeliveries } from './slack/delivery/lookupDeliveries.js';
import { createOutbox } from './slack/delivery/outbox.js';
import { createWatchNoticeDeliveries } from './slack/delivery/watchNoticeDeliveries.js';
import { publishHome } from './slack/flows/homeFlow.js';
import { lookupDeliverers } from './slack/flows/lookupDeliverers.js';
import { createPresenter } from './slack/presenter.js';
import { createResponseUrlPolicy } from './slack/responseUrl.js';
import { withRoundTripTags } from './slack/roundTripPresenter.js';
import { createRoundTripTag } from './slack/roundTripTag.js';
import { createUploadedFiles } from './slack/uploadedFile.js';
import { type ComplianceRecord, openComplianceRecord } from './store/complianceRecord.js';
import { databaseErrorReason } from './store/database.js';
import { createWatchMonitor } from './watches/watchMonitor.js';
import { createWatchStore } from './watches/watchStore.js';

export interface StartAppOptions {
  config: Pick<
    AppConfig,
    'port' | 'juhe' | 'complianceChannels' | 'allowedUserIds' | 'financeAllowedUserIds' | 'locale'
  > &
    Partial<
      Pick<
        AppConfig,
        'auditorUserIds' | 'store' | 'watch' | 'budgets' | 'batch' | 'cacheMaxBytes' | 'redisUrl'
      >
    >;
  connection: SlackAppConnection;
  logger: Logger;
  /** answers come from the built-in sandbox: messages carry the marker */
  sandbox?: boolean;
  /** interface to bind (HOST); unset = every interface */
  host?: string;
  extraRoutes?: RouteHandler;
  /** replace the Juhe client (tests) */
  juhe?: JuheService;
  now?: () => Date;
  /** how long shutdown waits for in-flight listener work */
  drainTimeoutMs?: number;
  /** local mode: the embedded database lives in memory unless DATA_DIR is set */
  local?: boolean;
  /** an open record (tests, local mode); the caller closes it. Else opened from config.store */
  record?: ComplianceRecord;
  /** how much later in the cycle a failed watch check is tried again (tests: shorter) */
  watchRetryDelaysSeconds?: readonly number[];
  /** REDIS_URL's connections (opened by startApp when config.redisUrl is set; the caller's otherwise) */
  redis?: SharedRedis;
  /** the registry GET /metrics shows; else one of the app's own */
  metrics?: AppMetrics;
  /** how often a running batch's progress message is updated at most (tests: more often than 3 s) */
  batchProgressIntervalMs?: number;
}

export interface RunningApp {
  services: AppServices;
  slackApp: SlackApp;
  /** where the server listens: Slack's requests (HTTP mode), /healthz, /readyz, /metrics */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DEFAULT_STORE: StoreConfig = { auditRetentionDays: 1095, resultRetentionHours: 24 };

export async function buildServices(
  options: StartAppOptions,
  record: ComplianceRecord,
  jobs: JobEngine,
): Promise<AppServices> {
  const now = options.now ?? (() => new Date());
  const { config, logger } = options;
  const metrics = options.metrics ?? createAppMetrics();
  const maxConcurrency = config.juhe.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const queueTimeoutMs = config.juhe.queueTimeoutMs ?? DEFAULT_QUEUE_TIMEOUT_MS;
  const juhe =
    options.juhe ??
    createJuheClient({
      baseUrl: config.juhe.baseUrl,
      ...(config.juhe.riskKey ? { riskKey: config.juhe.riskKey } : {}),
      ...(config.juhe.financeKey ? { financeKey: config.juhe.financeKey } : {}),
      timeoutMs: config.juhe.timeoutMs,
      logger: logger.child({ component: 'juhe' }),
      maxConcurrency,
      queueTimeoutMs,
      queues: juheQueues({
        metrics,
        limit: maxConcurrency,
        queueTimeoutMs,
        logger,
        keys: { risk: config.juhe.riskKey, finance: config.juhe.financeKey },
        // a slot whose instance died is free again once its call could not still be running
        leaseMs: config.juhe.timeoutMs * MAX_ATTEMPTS * 2 + 10_000,
        ...(options.redis ? { redis: options.redis } : {}),
      }),
      onCallEnded: (api, outcome, seconds, billed) => {
        metrics.juheCalls.inc({ api, outcome });
        if (seconds > 0) metrics.juheCallSeconds.observe({ api }, seconds);
        if (billed) metrics.juheBilledCalls.inc({ api });
      },
    });
  // a lookup may wait its whole JUHE_QUEUE_TIMEOUT_MS for a slot before its call's own budget starts
  const callBudgetMs = queueTimeoutMs + config.juhe.timeoutMs * MAX_ATTEMPTS;
  // The bot token: every mode has it and every instance shares it, so a tag verifies on any replica.
  const roundTrip = createRoundTripTag(options.connection.botToken);
  const store = config.store ?? DEFAULT_STORE;
  const present = withRoundTripTags(createPresenter(config.locale, options.sandbox ?? false), roundTrip);
  const responseUrlPolicy = createResponseUrlPolicy({
    ...(options.connection.apiUrl ? { apiUrl: options.connection.apiUrl } : {}),
    logger,
  });
  const lookupStore = createLookupStore(record.database, record.cipher);
  registerBacklogGauges(
    metrics,
    { pendingDeliveries: () => lookupStore.pendingCount(), jobQueues: () => jobs.boss.getQueues() },
    logger.child({ component: 'metrics' }),
  );
  const deliveries = await createLookupDeliveries({
    boss: jobs.boss,
    store: lookupStore,
    trail: record.trail,
    database: record.database,
    client: deliveryClient(options.connection, logger, metrics),
    present,
    responseUrlPolicy,
    logger,
    // every attempt may run to the timeout, plus the pause between them
    lookupDeadlineMs: callBudgetMs + 1_000,
    resultRetentionHours: store.resultRetentionHours,
    interruptedMessage: lookupInterruptedMessage(config.locale),
    now,
  });
  const screening = createRiskScreening({
    juhe,
    // memory first (CACHE_MAX_MB, least recently used out), then the sealed pages every instance shares
    cache: tieredRiskPages(
      createRiskPageCache({
        maxBytes: config.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
        observer: {
          lookup: (result) => metrics.pageCacheLookups.inc({ tier: 'memory', result }),
          bytes: (held) => metrics.pageCacheBytes.set(held),
        },
      }),
      createStoredRiskPages({
        db: record.database,
        cipher: record.cipher,
        retentionHours: store.resultRetentionHours,
        now,
      }),
    ),
    now,
    onStoreError: (error) =>
      logger.warn({ reason: databaseErrorReason(error) }, 'the risk page store failed; going on without it'),
    ...(options.redis
      ? {
          sharedFlight: createRedisSingleFlight({
            redis: options.redis.commands,
            keyOf: (question) => record.cipher.blindIndex('risk_flight', question),
            leaseMs: callBudgetMs + 5_000,
          }),
        }
      : {}),
  });
  const audit = createAuditLog(logger, record.trail);
  const budgets = createBudgetLedger({
    db: record.database,
    limits: config.budgets ?? {},
    now,
    logger: logger.child({ component: 'budgets' }),
  });
  const watchConfig = config.watch ?? DEFAULT_WATCH_CONFIG;
  const watchStore = createWatchStore(record.database, record.cipher);
  const noticeClient = deliveryClient(options.connection, logger, metrics);
  // the App Home shows a delivered notice; it needs the services, which exist once this returns
  let built: AppServices | undefined;
  const notices = await createWatchNoticeDeliveries({
    boss: jobs.boss,
    store: watchStore,
    client: noticeClient,
    present,
    responseUrlPolicy,
    logger,
    locale: config.locale,
    maxDays: watchConfig.maxDays,
    onDelivered: async (owner) => {
      if (built === undefined) return;
      await publishHome(
        built,
        createOutbox({ client: noticeClient, present, logger, responseUrlPolicy }),
        owner,
      );
    },
  });
  const monitor = await createWatchMonitor({
    boss: jobs.boss,
    store: watchStore,
    screening,
    budgets,
    audit,
    logger,
    schedule: watchConfig.schedule,
    maxDays: watchConfig.maxDays,
    deliverNotice: (noticeId, sweep) => notices.deliver(noticeId, sweep),
    onChecked: async (owner) => {
      if (built === undefined) return;
      await publishHome(
        built,
        createOutbox({ client: noticeClient, present, logger, responseUrlPolicy }),
        owner,
      );
    },
    now,
    ...(options.watchRetryDelaysSeconds ? { retryDelaysSeconds: options.watchRetryDelaysSeconds } : {}),
  });
  const batchStore = createBatchStore(record.database, record.cipher);
  const batchClient = deliveryClient(options.connection, logger, metrics);
  const batchRunner = await createBatchRunner({
    boss: jobs.boss,
    store: batchStore,
    screening,
    budgets,
    audit,
    logger,
    reporter: createBatchReporter({
      outbox: createOutbox({ client: batchClient, present, logger, responseUrlPolicy }),
      store: batchStore,
      locale: config.locale,
      logger,
      now,
    }),
    now,
    ...(options.batchProgressIntervalMs === undefined
      ? {}
      : { progressIntervalMs: options.batchProgressIntervalMs }),
  });
  const uploadedFiles = createUploadedFiles({
    client: batchClient,
    botToken: options.connection.botToken,
    ...(options.connection.apiUrl ? { apiUrl: options.connection.apiUrl } : {}),
    logger,
  });
  built = {
    juhe,
    screening,
    budgets,
    access: createAccessPolicy({
      ...(config.allowedUserIds ? { allowedUserIds: config.allowedUserIds } : {}),
      ...(config.financeAllowedUserIds ? { financeAllowedUserIds: config.financeAllowedUserIds } : {}),
    }),
    audit,
    record,
    auditorUserIds: config.auditorUserIds ?? new Set(),
    store,
    deliveries,
    watches: { store: watchStore, monitor, notices, config: watchConfig },
    batches: {
      store: batchStore,
      runner: batchRunner,
      files: uploadedFiles,
      config: config.batch ?? DEFAULT_BATCH_CONFIG,
    },
    metrics,
    logger,
    locale: config.locale,
    complianceChannels: config.complianceChannels,
    present,
    roundTrip,
    responseUrlPolicy,
    now,
    newReferenceId,
  };
  return built;
}

/** Starts the app in HTTP or Socket Mode and returns a handle whose stop() drains in-flight work. */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const record =
    options.record ??
    (await openComplianceRecord(options.config.store ?? DEFAULT_STORE, {
      local: options.local ?? false,
      logger: options.logger,
    }));
  const ownsRecord = options.record === undefined;
  const closeRecord = async () => {
    if (ownsRecord) await record.close();
  };
  options.logger.info({ database: record.database.description }, 'compliance record open');
  const jobs = await startJobEngine(record.database, options.logger);
  await scheduleRetention(jobs.boss, {
    db: record.database,
    trail: record.trail,
    store: options.config.store ?? DEFAULT_STORE,
    logger: options.logger,
  });
  // REDIS_URL: the Juhe slots and back-off are shared by every instance (docs/design.md § Several instances)
  let redis = options.redis;
  const ownsRedis = redis === undefined && options.config.redisUrl !== undefined;
  if (ownsRedis && options.config.redisUrl) {
    try {
      redis = await openSharedRedis(options.config.redisUrl, options.logger);
    } catch (error) {
      await jobs.stop();
      await closeRecord();
      throw error;
    }
    options.logger.info('redis connected: Juhe slots and back-off shared across instances');
  }
  const services = await buildServices(redis ? { ...options, redis } : options, record, jobs);
  const closeRedis = async () => {
    if (ownsRedis) await redis?.close();
  };
  // deliveries a previous process left pending resume from here on
  await services.deliveries.startWorker(lookupDeliverers(services));
  // watch checks, their schedule and their notices: resumed here too after a crash
  await services.watches.notices.start();
  await services.watches.monitor.start();
  // batches a previous process left running (or unreported) resume here
  await services.batches.runner.start();
  const closeStore = async () => {
    await jobs.stop();
    await closeRecord();
  };
  const slackApp = createSlackApp(options.connection, services);
  const drainTimeoutMs = options.drainTimeoutMs ?? 15_000;
  const { logger } = options;

  // Both modes serve /healthz, /readyz and /metrics on PORT; HTTP mode takes Slack's requests there too,
  // Socket Mode gets them over its WebSocket (POST /slack/events is then a 404).
  const socketMode = options.connection.mode === 'socket';
  const receiver = slackApp.receiver;
  if (!socketMode && receiver === undefined) throw new Error('HTTP mode needs a receiver');
  let ready = false;
  const redisForChecks = redis;
  const server = createHttpServer({
    ...(receiver ? { receiver } : {}),
    logger,
    isReady: () => ready,
    readiness: createReadiness(
      [
        // urgent: on PGlite a burst's queued writes must not make a live instance look unready
        { name: 'database', check: () => record.database.urgent.query('select 1') },
        ...(redisForChecks ? [{ name: 'redis', check: () => redisForChecks.commands.ping() }] : []),
      ],
      logger.child({ component: 'readiness' }),
    ),
    metrics: {
      contentType: services.metrics.registry.contentType,
      render: () => services.metrics.registry.metrics(),
    },
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  try {
    await listen(server, options.config.port, options.host);
  } catch (error) {
    await closeStore();
    await closeRedis();
    throw error;
  }
  if (socketMode) {
    try {
      await slackApp.app.start();
    } catch (error) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // a probe's keep-alive connection must not hold the failed start open
      server.closeAllConnections();
      await closed;
      await closeStore();
      await services.juhe.close();
      await closeRedis();
      throw error;
    }
    logger.info('connected to Slack in Socket Mode');
  }
  ready = true;
  const port = (server.address() as AddressInfo).port;
  return {
    services,
    slackApp,
    url: `http://${urlHost(options.host)}:${port}`,
    port,
    async stop() {
      ready = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await slackApp.inFlight.drained(drainTimeoutMs);
      if (!drained) logger.warn({ running: slackApp.inFlight.count }, 'stopped with work still running');
      // Socket Mode: the connection goes once what it brought has run
      if (socketMode) await slackApp.app.stop();
      server.closeAllConnections();
      await closed;
      // jobs first: a watch check still running finishes its pages with the Juhe client open
      await closeStore();
      await services.juhe.close();
      await closeRedis();
    },
  };
}

/**
 * One queue per Juhe key (risk, finance), each with JUHE_MAX_CONCURRENCY slots, reporting to /metrics.
 * With REDIS_URL the slots are counted in Redis for every instance; else in this process.
 */
function juheQueues(deps: {
  metrics: AppMetrics;
  limit: number;
  queueTimeoutMs: number;
  logger: Logger;
  keys: Partial<Record<JuheApi, string>>;
  leaseMs: number;
  redis?: SharedRedis;
}): Record<JuheApi, JuheCallQueue> {
  const { metrics, limit, logger, redis } = deps;
  const make = (api: JuheApi) =>
    createJuheCallQueue({
      api,
      store: redis
        ? createRedisSlotStore({
            redis: redis.commands,
            subscriber: redis.subscriber,
            juheKey: deps.keys[api] ?? '',
            api,
            limit,
            leaseMs: deps.leaseMs,
          })
        : createInProcessSlotStore({ limit }),
      queueTimeoutMs: deps.queueTimeoutMs,
      observer: {
        waiting: (delta) => metrics.juheQueueLength.inc(delta),
        waited: (seconds) => metrics.juheQueueWaitSeconds.observe(seconds),
        open: (delta) => metrics.juheCallsOpen.inc(delta),
      },
      onStoreError: (error) => logger.warn({ err: error }, 'the Juhe slot store failed; asking again'),
    });
  return { risk: make('risk'), finance: make('finance') };
}

/**
 * The delivery worker's own Web API client: it reports a 429 or a 5xx at once instead of waiting and
 * retrying inside the call, so the durable job decides when to try again (Retry-After, backoff) and a
 * restart loses nothing.
 */
function deliveryClient(
  connection: SlackAppConnection,
  logger: Logger,
  metrics: AppMetrics,
): webApi.WebClient {
  return new webApi.WebClient(connection.botToken, {
    ...(connection.apiUrl
      ? { slackApiUrl: connection.apiUrl.endsWith('/') ? connection.apiUrl : `${connection.apiUrl}/` }
      : {}),
    rejectRateLimitedCalls: true,
    // the delivery job retries, not the client; its errors counted for /metrics
    ...meteredSlackClientOptions(metrics, { retries: 0 }),
    timeout: 10_000,
    logger: toBoltLogger(logger.child({ component: 'delivery' })),
  });
}

/** What an admin can act on when the port cannot be bound: Socket Mode instances on one host need a PORT each. */
function listenError(error: NodeJS.ErrnoException, port: number, host: string | undefined): Error {
  const where = `${host ?? 'every interface'} port ${port}`;
  if (error.code === 'EADDRINUSE') {
    return new Error(
      `PORT ${port} is already in use (${where}): stop what holds it, or set PORT to a free port (0 picks one); every instance on one host, in Socket Mode too, needs its own PORT for /healthz, /readyz and /metrics`,
    );
  }
  if (error.code === 'EACCES') {
    return new Error(`PORT ${port} may not be bound by this user (${where}): use a port above 1023`);
  }
  return error;
}

/** The host part of a URL for the bound interface: every interface reads as localhost; IPv6 in brackets. */
function urlHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return 'localhost';
  return isIP(host) === 6 ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
