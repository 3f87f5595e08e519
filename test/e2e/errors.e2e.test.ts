import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JUHE_CODES } from '../../src/juhe/errorCatalog.js';
import { JuheError } from '../../src/juhe/errorTypes.js';
import type { JuheService, RiskQuery } from '../../src/juhe/types.js';
import {
  actionIdsOf,
  type Harness,
  IDS,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

let h: Harness;
beforeAll(async () => {
  // 10011/10012 back the queue off (1 s, then 2 s): a 3 s wait lets the call that got one end with it,
  // and the next call wait out the pause instead of being told busy
  h = await startHarness({ slowMs: 3000, timeoutMs: 600, queueTimeoutMs: 3000 });
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
    // the error names its query, whose keyword is the sandbox's trigger: leave that out
    const text = (await riskReplyFor('ERROR:10003')).replaceAll('ERROR:10003', '');
    expect(text).toContain('Query:');
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

describe('an error names its query and offers a way on', () => {
  /** Juhe times out on the first `failures` calls, then answers one record. */
  function flakyJuhe(failures: number): JuheService & { calls: RiskQuery[] } {
    const calls: RiskQuery[] = [];
    return {
      calls,
      async queryRisk(query) {
        calls.push(query);
        if (calls.length <= failures) {
          throw new JuheError({
            api: 'risk',
            code: 'TIMEOUT',
            category: 'timeout',
            message: 'no answer in time',
            retryable: true,
            billed: false,
          });
        }
        return {
          type: query.type,
          pageIndex: 1,
          pageSize: 10,
          totalRecords: 1,
          totalPages: 1,
          orderId: 'JH-RETRY-1',
          billed: true,
          noRecords: false,
          records: [
            {
              caseNo: '(2020)苏0581执100号',
              publishedDate: new Date(2020, 0, 2),
              court: '常熟市人民法院',
              id: 'r1',
              personName: query.realname,
              relations: [],
            },
          ],
        };
      },
      queryFinance: () => Promise.reject(new Error('not used')),
      close: async () => {},
    };
  }

  it('a timeout names the masked person, keyword and source; Try again asks exactly that query and replaces the error', async () => {
    const juhe = flakyJuhe(1);
    const flaky = await startHarness({ juhe });
    try {
      await flaky.slash('/risk', '江苏德洲实业 张德洲 被执行');
      const error = await flaky.privateAnswer(0);
      const text = textOf(error.blocks);
      expect(text).toContain('Query: 张*洲 · 江苏德洲实业 · Enforcement target (被执行)');
      expect(JSON.stringify(error.blocks?.slice(0, -1))).not.toContain('张德洲');
      expect(actionIdsOf(error)).toEqual(['risk_retry']);

      await flaky.clickButton(error, 'risk_retry');
      const answered = await flaky.waitForMessage(() => {
        const same = flaky.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).find((m) => m.ts === error.ts);
        return same && textOf(same.blocks).includes('(2020)苏0581执100号') ? same : undefined;
      });
      expect(actionIdsOf(answered)).toEqual(['risk_watch', 'risk_export']);
      expect(juhe.calls).toEqual([
        { keyword: '江苏德洲实业', realname: '张德洲', type: 2, pageIndex: 1, pageSize: 10 },
        { keyword: '江苏德洲实业', realname: '张德洲', type: 2, pageIndex: 1, pageSize: 10 },
      ]);
      // one message for the query, its retry included
      expect(flaky.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel)).toHaveLength(1);
    } finally {
      await flaky.close();
    }
  });

  it('an overview whose three sources time out says so once, with the code and one Try again', async () => {
    const juhe = flakyJuhe(3);
    const flaky = await startHarness({ juhe });
    try {
      await flaky.slash('/risk', '江苏德洲实业 张德洲');
      const error = await flaky.privateAnswer(0);
      const text = textOf(error.blocks);
      expect(text.match(/did not answer in time/g)).toHaveLength(1);
      expect(text).toContain('TIMEOUT');
      expect(text).toContain('· all three sources');
      expect(actionIdsOf(error)).toEqual(['risk_retry']);
      await flaky.clickButton(error, 'risk_retry');
      await waitUntil(() => (juhe.calls.length === 6 ? true : undefined));
      expect(new Set(juhe.calls.slice(3).map((call) => call.type))).toEqual(new Set([1, 2, 3]));
    } finally {
      await flaky.close();
    }
  });
});
