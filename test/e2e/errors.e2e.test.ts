import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JUHE_CODES } from '../../src/juhe/errorCatalog.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ slowMs: 3000, timeoutMs: 600 });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
});

async function riskReplyFor(keyword: string): Promise<string> {
  const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
  const ack = await h.slash('/risk', `${keyword} 张德洲 1`);
  expect(ack.status).toBe(200);
  const reply = await h.privateAnswer(before);
  return textOf(reply.blocks);
}

describe('each Juhe error category has its own message on /risk', () => {
  it.each([
    ['input', 'ERROR:240103', /check|input|parameter/i],
    ['quota', 'FAULT:quota', /limit/i],
    ['misconfigured', 'ERROR:10001', /admin/i],
    ['upstream unavailable (maintenance)', 'FAULT:maintenance', /maintenance/i],
    ['upstream unavailable (query failed)', 'ERROR:240104', /juhe/i],
    ['upstream invalid (malformed JSON)', 'FAULT:malformed', /unexpected|invalid|could not read|unreadable/i],
    ['upstream invalid (wrong shape)', 'FAULT:wrongshape', /unexpected|invalid|could not read|unreadable/i],
    ['upstream HTML 502', 'FAULT:html502', /juhe/i],
    ['timeout', 'FAULT:slow', /time/i],
    ['network (reset)', 'FAULT:reset', /network|connect|reach/i],
  ])('%s', async (_category, keyword, pattern) => {
    const text = await riskReplyFor(keyword);
    expect(text).toMatch(pattern);
    expect(text).not.toContain('sandbox-risk-key');
  });

  it('not found (240102) is "no records in this source", not an error', async () => {
    const text = await riskReplyFor('ERROR:240102');
    expect(text.toLowerCase()).toContain('no records in this source');
  });

  it('misconfiguration details stay in the logs', async () => {
    const text = await riskReplyFor('ERROR:10003');
    expect(text).not.toMatch(/10003|KEY过期|expired/i);
  });

  it('every documented code gets a message that is not empty', async () => {
    const riskCodes = JUHE_CODES.filter((code) => !code.startsWith('2815') && code !== '240102');
    for (const code of riskCodes) {
      const text = await riskReplyFor(`ERROR:${code}`);
      expect(text.length, code).toBeGreaterThan(20);
    }
  });
});

describe('an unexpected failure', () => {
  it('gives the user a short reference id that is also on the log line', async () => {
    const broken = await startHarness({
      juhe: {
        queryRisk: () => Promise.reject(new TypeError('boom')),
        queryFinance: () => Promise.reject(new TypeError('boom')),
        close: async () => {},
      },
    });
    try {
      await broken.slash('/risk', '江苏 张德洲 1');
      const reply = await broken.privateAnswer(0);
      const reference = /\b([0-9A-F]{8})\b/.exec(textOf(reply.blocks))?.[1];
      expect(reference).toBeDefined();
      const logged = broken.logLines.map((l) => JSON.parse(l)).find((l) => l.referenceId === reference);
      expect(logged?.level).toBe(50);
      // even a query that failed in an unforeseen way writes its audit event
      const audit = broken.logLines.map((l) => JSON.parse(l)).find((l) => l.audit);
      expect(audit?.audit).toMatchObject({ outcome: 'unexpected', billed: false, api: 'risk' });
      // in a compliance channel the visible "checking…" parent turns into the failure, with its own reference
      await broken.slash('/risk', '江苏 张德洲 1', { channel: IDS.complianceChannel });
      const parent = await broken.waitForMessage(() =>
        broken.fake.messagesIn(IDS.complianceChannel).find((m) => /\b[0-9A-F]{8}\b/.test(textOf(m.blocks))),
      );
      const channelReference = /\b([0-9A-F]{8})\b/.exec(textOf(parent.blocks))?.[1];
      expect(broken.logLines.some((l) => l.includes(`"referenceId":"${channelReference}"`))).toBe(true);
      // the app keeps serving
      const health = await fetch(`${broken.app.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});
