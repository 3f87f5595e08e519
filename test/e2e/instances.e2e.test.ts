import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USERS } from '../../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { ACTION_IDS, SCREENING_NOTICE_BLOCK_ID } from '../../src/slack/ids.js';
import type { Database } from '../../src/store/database.js';
import { parsePrometheusText } from '../support/prometheusText.js';
import { DATABASE_TARGETS, openTestPostgres } from '../support/testDatabase.js';
import { REDIS_SUITE_RUNS, TEST_REDIS_URL } from '../support/testRedis.js';
import { type Harness, IDS, startHarness, textOf, waitUntil } from './harness.js';

/**
 * Three instances of one deployment on loopback: one PostgreSQL, one Redis, one Juhe sandbox, one
 * fake Slack; requests spread across them as a load balancer would.
 */
const postgres = DATABASE_TARGETS.find((target) => target.name === 'postgres');
const BUDGETED = 'U0BUDGETED';
const LIMIT = 2;
/** BUDGET_USER_DAILY: room for the analyst's lookups in this file (12), a limit for the budgeted person */
const DAILY = 15;

describe.runIf(REDIS_SUITE_RUNS && postgres?.available)(
  'three instances sharing one PostgreSQL and one Redis',
  () => {
    let database: Database;
    let sandbox: JuheSandbox;
    let fake: FakeSlack;
    let instances: Harness[] = [];

    beforeAll(async () => {
      database = await openTestPostgres();
      sandbox = await startJuheSandbox({ slowMs: 5000, latencyMs: 300 });
      fake = await startFakeSlack({
        users: [...DEFAULT_USERS, { id: BUDGETED, name: 'bea.budget', realName: 'Bea Budget' }],
      });
      const dataKey = randomBytes(32);
      instances = await Promise.all(
        [0, 1, 2].map(() =>
          startHarness({
            database,
            dataKey,
            shared: { sandbox, fake },
            redisUrl: TEST_REDIS_URL as string,
            maxConcurrency: LIMIT,
            budgets: { userDaily: DAILY },
          }),
        ),
      );
    }, 60_000);

    afterAll(async () => {
      await Promise.all(instances.map((h) => h.close()));
      await sandbox?.close();
      await fake?.close();
      await database?.close();
    });

    const at = (i: number) => instances[i % 3] as Harness;
    const riskCalls = () => sandbox.requests.filter((r) => r.path === '/personRisk/query');

    /** the answer to this command: what the app posted to its response_url that is not the notice */
    async function answerTextTo(i: number, text: string, user: string = IDS.analyst): Promise<string> {
      const { responseUrl } = await at(i).slash('/risk', text, { user });
      return waitUntil(() => {
        const answer = fake.calls.find(
          (c) =>
            c.method === 'response_url' &&
            c.responseUrl === responseUrl &&
            !JSON.stringify(c.args.blocks ?? []).includes(SCREENING_NOTICE_BLOCK_ID),
        );
        return answer ? textOf(answer.args.blocks) : undefined;
      }, 30_000);
    }

    it('a double-clicked Next that lands on two instances makes one Juhe call', async () => {
      const before = fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
      await at(0).slash('/risk', '广州天河投资有限公司 黄志强 被执行');
      const page1 = await at(0).privateAnswer(before);
      expect(textOf(page1.blocks)).toContain('25');
      const callsBefore = riskCalls().length;
      const [b, c] = await Promise.all([
        at(1).clickButton(page1, ACTION_IDS.nextPage),
        at(2).clickButton(page1, ACTION_IDS.nextPage),
      ]);
      expect([b.status, c.status]).toEqual([200, 200]);
      await at(0).waitForMessage(() =>
        fake
          .ephemeralsFor(IDS.analyst, IDS.generalChannel)
          .find((m) => textOf(m.blocks).includes('Page 2 of 3')),
      );
      // both clicks have been answered before counting
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const page2Calls = riskCalls()
        .slice(callsBefore)
        .filter((r) => (r.params.pageIndex ?? '1') === '2');
      expect(page2Calls).toHaveLength(1);
    });

    it(`the concurrency limit (${LIMIT}) holds across instances: the sandbox never sees more at once`, async () => {
      sandbox.inFlight.reset();
      const names = ['王建国', '李娜', '赵敏', '陈晓', '刘洋', '杨帆', '周杰', '吴磊', '郑爽'];
      const answers = await Promise.all(names.map((name, i) => answerTextTo(i, `上海 ${name} 失信`)));
      for (const answer of answers) expect(answer).toContain('Dishonest debtor');
      expect(sandbox.inFlight.max).toBe(LIMIT);
    });

    it(`a budget holds across instances: of ${DAILY + 3} lookups at once, spread over the three, ${DAILY} are answered`, async () => {
      const replies = await Promise.all(
        Array.from({ length: DAILY + 3 }, (_, i) =>
          answerTextTo(i, `北京 孙${'丽芳华'[i % 3]}${'一二三四五六七八九十'[i % 10]} 失信`, BUDGETED),
        ),
      );
      const refused = replies.filter((text) => text.includes('Juhe budget reached'));
      expect([replies.length - refused.length, refused.length]).toEqual([DAILY, 3]);
      // and Juhe was asked exactly as often as the budget allows
      expect(riskCalls().filter((r) => r.params.keyword === '北京')).toHaveLength(DAILY);
    });

    it('each instance is ready (database and Redis), and their /metrics add up to what Juhe saw', async () => {
      const scrapes = await Promise.all(
        instances.map(async (h) => {
          const ready = await fetch(`${h.app.url}/readyz`);
          expect(ready.status).toBe(200);
          expect(await ready.json()).toEqual({ ok: true, checks: { database: 'ok', redis: 'ok' } });
          return parsePrometheusText(await (await fetch(`${h.app.url}/metrics`)).text());
        }),
      );
      const total = (name: string, labels: Record<string, string> = {}) =>
        scrapes.reduce((sum, scrape) => sum + scrape.sum(name, labels), 0);
      // every call this file made was answered: billed (0) or 查无记录 (240102, unbilled); the queue
      // stands empty again everywhere
      expect(total('juhe_calls_total', { api: 'risk' })).toBe(riskCalls().length);
      expect(
        total('juhe_calls_total', { api: 'risk', outcome: '0' }) +
          total('juhe_calls_total', { api: 'risk', outcome: '240102' }),
      ).toBe(riskCalls().length);
      expect(total('juhe_billed_calls_total', { api: 'risk' })).toBe(
        total('juhe_calls_total', { api: 'risk', outcome: '0' }),
      );
      expect(total('juhe_billed_calls_total', { api: 'risk' })).toBeGreaterThan(0);
      expect(total('juhe_calls_open')).toBe(0);
      expect(total('juhe_queue_length')).toBe(0);
      // the database's backlog is the deployment's: every instance shows the same figure
      expect(scrapes.map((scrape) => scrape.value('slack_deliveries_pending'))).toEqual([0, 0, 0]);
    });
  },
);
