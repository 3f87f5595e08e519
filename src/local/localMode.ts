import { randomBytes } from 'node:crypto';
import { type RunningApp, startApp } from '../bootstrap.js';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { type FakeSlack, SEED_IDS, startFakeSlack } from './fake-slack/index.js';
import { type JuheSandbox, startJuheSandbox } from './sandbox/server.js';
import { createWorkbench, type Workbench } from './workbench/routes.js';

export interface LocalModeOptions {
  /** default config.port; 0 picks a free port (tests) */
  port?: number;
  /** default 127.0.0.1: the workbench drives the app as any seeded user, so it stays on this machine */
  host?: string;
  /** the Juhe sandbox's time to answer each call, in ms (default 0); ignored with real Juhe keys */
  sandboxLatencyMs?: number;
  /** how often a running batch's progress message is updated at most (default 3 s; tests: more often) */
  batchProgressIntervalMs?: number;
}

export interface LocalMode {
  /** the workbench page, e.g. http://localhost:3000/ */
  url: string;
  port: number;
  fake: FakeSlack;
  app: RunningApp;
  /** true when answers come from the in-process Juhe sandbox */
  sandbox: boolean;
  stop(): Promise<void>;
}

/**
 * `npm start` without SLACK_BOT_TOKEN: the fake Slack Web API, the real app in HTTP mode with a fresh
 * signing secret, the workbench page on the app's own server, and — without Juhe keys — the Juhe
 * sandbox, all in this process. Nothing here is reachable from Slack; nothing needs an account.
 */
export async function startLocalMode(
  config: AppConfig,
  logger: Logger,
  options: LocalModeOptions = {},
): Promise<LocalMode> {
  const botToken = `xoxb-local-${randomBytes(16).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  const started: Array<() => Promise<void>> = [];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop();
  };

  try {
    const fake = await startFakeSlack({ token: botToken });
    started.push(() => fake.close());

    const juhe = await juheForLocalMode(config, logger, options.sandboxLatencyMs ?? 0);
    if (juhe.sandbox) started.push(() => juhe.sandbox?.close() ?? Promise.resolve());

    const complianceChannels = new Set([...config.complianceChannels, SEED_IDS.complianceChannel]);
    // the workbench's local tools reach the app once it runs; they exist only in local mode
    let running: RunningApp | undefined;
    const sandbox = juhe.sandbox;
    const workbench: Workbench = createWorkbench({
      fake,
      signingSecret,
      logger: logger.child({ component: 'workbench' }),
      complianceChannels,
      locale: config.locale,
      localHooks: {
        runWatchCycle: async () => {
          if (running === undefined) throw new Error('the app is not running yet');
          return running.services.watches.monitor.runCycle({ everyActiveWatch: true });
        },
        ...(sandbox ? { advanceSandbox: () => ({ generation: sandbox.advanceGeneration() }) } : {}),
      },
    });
    started.push(async () => workbench.close());

    // Only the seeded analyst may query, so the seeded refused user shows what access control looks like.
    const onlyAnalyst = new Set<string>([SEED_IDS.analyst]);
    const app = await startApp({
      config: {
        port: options.port ?? config.port,
        juhe: juhe.config,
        complianceChannels,
        allowedUserIds: config.allowedUserIds ?? onlyAnalyst,
        financeAllowedUserIds: config.financeAllowedUserIds ?? onlyAnalyst,
        locale: config.locale,
        // the workbench's analyst is the auditor too, so the export can be tried
        auditorUserIds: config.auditorUserIds.size > 0 ? config.auditorUserIds : new Set([SEED_IDS.analyst]),
        store: config.store,
        watch: config.watch,
        batch: config.batch,
        // BUDGET_USER_DAILY / BUDGET_TEAM_MONTHLY apply in local mode as in production
        budgets: config.budgets,
      },
      connection: { mode: 'http', botToken, signingSecret, apiUrl: fake.apiUrl },
      logger,
      local: true,
      sandbox: juhe.sandbox !== undefined,
      host: options.host ?? config.host ?? '127.0.0.1',
      extraRoutes: workbench.routes,
      ...(options.batchProgressIntervalMs === undefined
        ? {}
        : { batchProgressIntervalMs: options.batchProgressIntervalMs }),
    });
    started.push(() => app.stop());
    running = app;
    if (app.port === undefined) throw new Error('the app did not start an HTTP server');
    workbench.setAppUrl(`http://127.0.0.1:${app.port}`);

    if (config.host && !isLoopback(config.host)) {
      logger.warn(
        { host: config.host },
        'HOST makes the workbench reachable from other machines: it can act as any seeded user and spend the configured Juhe keys',
      );
    }
    const url = `http://localhost:${app.port}/`;
    logger.info({ url }, 'workbench ready — open this in a browser');
    let stopping: Promise<void> | undefined;
    return {
      url,
      port: app.port,
      fake,
      app,
      sandbox: juhe.sandbox !== undefined,
      stop() {
        stopping ??= stopStarted();
        return stopping;
      },
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

interface LocalJuhe {
  config: AppConfig['juhe'];
  sandbox?: JuheSandbox;
}

/** Real Juhe when a key is configured (an admin checking keys); otherwise the sandbox with per-run keys. */
async function juheForLocalMode(config: AppConfig, logger: Logger, latencyMs: number): Promise<LocalJuhe> {
  const { riskKey, financeKey } = config.juhe;
  if (riskKey || financeKey) {
    if (!riskKey || !financeKey) {
      logger.warn(
        { riskKey: Boolean(riskKey), financeKey: Boolean(financeKey) },
        'local mode with real Juhe: one key is missing, so that API answers "service misconfigured"',
      );
    }
    logger.info({ baseUrl: config.juhe.baseUrl }, 'local mode uses the real Juhe API: queries are billed');
    return { config: config.juhe };
  }
  const keys = { risk: randomBytes(16).toString('hex'), finance: randomBytes(16).toString('hex') };
  const sandbox = await startJuheSandbox({ keys, latencyMs });
  logger.info('no Juhe keys: answers come from the built-in sandbox (sample data, marked as such)');
  return {
    sandbox,
    config: { ...config.juhe, baseUrl: sandbox.url, riskKey: keys.risk, financeKey: keys.finance },
  };
}
