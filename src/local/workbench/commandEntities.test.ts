import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { createLogger } from '../../logging/logger.js';
import { SEED_IDS } from '../fake-slack/index.js';
import { type LocalMode, startLocalMode } from '../localMode.js';
import { type JuheSandbox, type SandboxKeys, startJuheSandbox } from '../sandbox/server.js';

const KEYS: SandboxKeys = { risk: 'entities-risk-key', finance: 'entities-finance-key' };

/**
 * Slack sends `&` in command text as `&amp;`; the workbench does the same, so only an app that decodes
 * it asks Juhe about the company the person typed. Local mode here talks to a sandbox the test can read.
 */
describe('a /risk keyword with & from the workbench to Juhe', () => {
  let sandbox: JuheSandbox;
  let local: LocalMode;

  beforeAll(async () => {
    sandbox = await startJuheSandbox({ keys: KEYS });
    const loaded = loadConfig({
      JUHE_BASE_URL: sandbox.url,
      JUHE_RISK_KEY: KEYS.risk,
      JUHE_FINANCE_KEY: KEYS.finance,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    local = await startLocalMode(loaded.config, createLogger({ level: 'silent' }), { port: 0 });
  });

  afterAll(async () => {
    await local?.stop();
    await sandbox?.close();
  });

  it('reaches the sandbox as keyword "A&B 公司"', async () => {
    const response = await fetch(`${local.url.replace(/\/$/, '')}/workbench/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        user: SEED_IDS.analyst,
        channel: SEED_IDS.generalChannel,
        text: '/risk "A&B 公司" 张德洲 1',
      }),
    });
    expect(await response.json()).toEqual({ ok: true, status: 200 });
    const deadline = Date.now() + 5000;
    while (sandbox.requestCount('/personRisk/query') === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [query] = sandbox.requests.filter((request) => request.path === '/personRisk/query');
    expect(query?.params).toMatchObject({ keyword: 'A&B 公司', realname: '张德洲', type: '1' });
  });
});
