import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { SEED_IDS } from './fake-slack/index.js';
import { startLocalMode } from './localMode.js';

function configFrom(env: NodeJS.ProcessEnv) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return loaded.config;
}

function capturingLogger() {
  const log = captureLog();
  return { logger: createLogger({ level: 'info', destination: log.destination }), records: log.records };
}

describe('startLocalMode', () => {
  it('runs on the sandbox without Juhe keys, marks it, and shows access control with the seeded users', async () => {
    const { logger, records } = capturingLogger();
    const local = await startLocalMode(configFrom({}), logger, { port: 0 });
    try {
      expect(local.url).toBe(`http://localhost:${local.port}/`);
      expect(local.sandbox).toBe(true);
      const { services } = local.app;
      expect(services.complianceChannels.has(SEED_IDS.complianceChannel)).toBe(true);
      expect(services.access.mayQuery('risk', SEED_IDS.analyst)).toBe(true);
      expect(services.access.mayQuery('finance', SEED_IDS.analyst)).toBe(true);
      expect(services.access.mayQuery('risk', SEED_IDS.refused)).toBe(false);
      expect(services.access.mayQuery('finance', SEED_IDS.refused)).toBe(false);
      expect(records()).toContainEqual(
        expect.objectContaining({ url: local.url, msg: 'workbench ready — open this in a browser' }),
      );
      expect((await fetch(`${local.url}healthz`)).status).toBe(200);
    } finally {
      await local.stop();
    }
    // stop() twice is harmless (Ctrl-C pressed twice)
    await local.stop();
    await expect(fetch(`${local.url}healthz`)).rejects.toThrow();
  });

  it('uses the real Juhe settings when keys are set, and honours configured allow-lists and channels', async () => {
    const { logger } = capturingLogger();
    const config = configFrom({
      JUHE_RISK_KEY: 'risk-key-for-test',
      JUHE_FINANCE_KEY: 'finance-key-for-test',
      JUHE_BASE_URL: 'http://127.0.0.1:9',
      ALLOWED_USER_IDS: SEED_IDS.refused,
      COMPLIANCE_CHANNELS: 'C0OTHER',
      BUDGET_USER_DAILY: '5',
      BUDGET_TEAM_MONTHLY: '100',
    });
    const local = await startLocalMode(config, logger, { port: 0 });
    try {
      const { services } = local.app;
      expect(local.sandbox).toBe(false);
      expect([...services.complianceChannels].sort()).toEqual(['C0COMPLIANCE', 'C0OTHER']);
      expect(services.access.mayQuery('risk', SEED_IDS.refused)).toBe(true);
      expect(services.access.mayQuery('risk', SEED_IDS.analyst)).toBe(false);
      // FINANCE_ALLOWED_USER_IDS unset: local mode still allows only the analyst
      expect(services.access.mayQuery('finance', SEED_IDS.refused)).toBe(false);
      // the budgets come through the same config
      expect(services.budgets.limits).toEqual({ userDaily: 5, teamMonthly: 100 });
    } finally {
      await local.stop();
    }
  });
});
