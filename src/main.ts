import { startApp } from './bootstrap.js';
import { type AppConfig, describeConfigProblems, loadConfig } from './config/config.js';
import { startLocalMode } from './local/localMode.js';
import { createLogger, type Logger } from './logging/logger.js';

/** Entry point of `npm start`: real Slack (HTTP or Socket Mode), or local mode without a bot token. */
async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${describeConfigProblems(loaded.problems)}\n`);
    process.exit(1);
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

  const stop = await start(config, logger);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new requests, letting running work finish');
    stop()
      .catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
      .finally(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function start(config: AppConfig, logger: Logger): Promise<() => Promise<void>> {
  const { slack } = config;
  if (slack.mode === 'local') {
    const local = await startLocalMode(config, logger);
    return local.stop;
  }
  if (!config.juhe.riskKey || !config.juhe.financeKey) {
    logger.warn(
      { riskKey: Boolean(config.juhe.riskKey), financeKey: Boolean(config.juhe.financeKey) },
      'a Juhe key is missing: that API answers "service misconfigured" until JUHE_RISK_KEY / JUHE_FINANCE_KEY is set',
    );
  }
  const running = await startApp({
    config,
    logger,
    ...(config.host ? { host: config.host } : {}),
    connection:
      slack.mode === 'http'
        ? {
            mode: 'http',
            botToken: slack.botToken,
            signingSecret: slack.signingSecret,
            ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
          }
        : {
            mode: 'socket',
            botToken: slack.botToken,
            appToken: slack.appToken,
            ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
          },
  });
  if (slack.mode === 'http')
    logger.info({ url: `${running.url}/slack/events` }, 'listening for Slack requests');
  else logger.info({ url: `${running.url}/healthz` }, 'serving /healthz, /readyz and /metrics');
  return running.stop;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `juhe-risk-slack failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
