import { createLogger } from '../../logging/logger.js';
import { DEFAULT_SANDBOX_KEYS, startJuheSandbox } from './server.js';

/*
 * `npm run sandbox`: a local Juhe look-alike. Point the app at it with JUHE_BASE_URL and the same keys.
 * Port: `--port N`, else SANDBOX_PORT, else 8088. Keys: JUHE_RISK_KEY / JUHE_FINANCE_KEY, else the defaults.
 */

const DEFAULT_PORT = 8088;

function portFrom(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const flagIndex = args.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const flag = args[flagIndex];
  const raw =
    flag === undefined ? env.SANDBOX_PORT : flag.startsWith('--port=') ? flag.slice(7) : args[flagIndex + 1];
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid sandbox port: ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const logger = createLogger({ name: 'juhe-sandbox', level: process.env.LOG_LEVEL ?? 'info' });
  const keys = {
    risk: process.env.JUHE_RISK_KEY || DEFAULT_SANDBOX_KEYS.risk,
    finance: process.env.JUHE_FINANCE_KEY || DEFAULT_SANDBOX_KEYS.finance,
  };
  const sandbox = await startJuheSandbox({
    port: portFrom(process.argv.slice(2), process.env),
    host: process.env.SANDBOX_HOST || '127.0.0.1',
    keys,
    // Only the route and the verdict: parameters hold names, 身份证 and mobiles.
    onRequest: (request) =>
      logger.info(
        { method: request.method, path: request.path, keyValid: request.keyValid },
        'sandbox request',
      ),
  });
  logger.info(
    {
      url: sandbox.url,
      riskKey: keys.risk === DEFAULT_SANDBOX_KEYS.risk ? 'default' : 'from JUHE_RISK_KEY',
      financeKey: keys.finance === DEFAULT_SANDBOX_KEYS.finance ? 'default' : 'from JUHE_FINANCE_KEY',
    },
    `Juhe sandbox listening on ${sandbox.url} (set JUHE_BASE_URL=${sandbox.url})`,
  );

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'Juhe sandbox stopping');
    sandbox.close().then(
      () => {
        logger.info('Juhe sandbox stopped');
        process.exitCode = 0;
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Juhe sandbox did not close cleanly');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  createLogger({ name: 'juhe-sandbox' }).fatal({ err: error }, 'Juhe sandbox failed to start');
  process.exitCode = 1;
});
