import { describe, expect, it } from 'vitest';
import { budgetRefusalMessage } from './budgetMessages.js';
import { checkFailedMessage } from './watchNotices.js';

const DAILY = {
  budget: 'user_daily' as const,
  limit: 2,
  used: 2,
  left: 0,
  resetsAt: new Date('2026-03-10T16:00:00Z'),
};

describe('budget refusal', () => {
  it('names the budget, the limit, what is left, what was needed and the reset in CST (en)', () => {
    expect(budgetRefusalMessage('en', DAILY, 1)).toEqual({
      text: 'Juhe budget reached: This needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left. It resets at 2026-03-11 00:00 CST. Nothing was looked up and nothing was billed.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: ':warning: *Juhe budget reached*\nThis needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left. It resets at 2026-03-11 00:00 CST. Nothing was looked up and nothing was billed.',
          },
        },
      ],
    });
  });

  it("the workspace's monthly budget (zh-CN)", () => {
    const message = budgetRefusalMessage(
      'zh-CN',
      { budget: 'team_monthly', limit: 100, used: 98, left: 2, resetsAt: new Date('2026-03-31T16:00:00Z') },
      3,
    );
    expect(message.text).toBe(
      '已达到聚合数据调用预算：本次需要 3 次计费的聚合数据调用，本工作区的每月预算共 100 次，剩余 2 次。将于北京时间 2026-04-01 00:00 重置。 未进行任何查询，也未产生任何费用。',
    );
  });

  it('an export stopped part-way by the budget says what was billed (en, zh-CN)', () => {
    expect(budgetRefusalMessage('en', DAILY, 1, { billed: 2 }).text).toBe(
      'Juhe budget reached: This needs 1 billed Juhe call(s), and your daily budget has 0 of 2 left. It resets at 2026-03-11 00:00 CST. It stopped after 2 billed Juhe call(s); those pages are kept, so trying again bills only the rest. No file was made.',
    );
    expect(budgetRefusalMessage('zh-CN', DAILY, 1, { billed: 2 }).text).toBe(
      '已达到聚合数据调用预算：本次需要 1 次计费的聚合数据调用，您的每日预算共 2 次，剩余 0 次。将于北京时间 2026-03-11 00:00 重置。 已在 2 次计费调用后停止；这些页已保存，再次尝试只对其余部分计费。未生成文件。',
    );
    expect(budgetRefusalMessage('en', DAILY, 1, { billed: 0 }).text).toContain('nothing was billed');
  });

  it('a request larger than the whole budget says it can never fit, not when it resets (en, zh-CN)', () => {
    const fresh = { ...DAILY, used: 0, left: 2 };
    expect(budgetRefusalMessage('en', fresh, 3).blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':warning: *Juhe budget reached*\nThis needs 3 billed Juhe call(s), more than the whole daily budget of 2; ask your Slack admin to raise BUDGET_USER_DAILY, or choose one source. Nothing was looked up and nothing was billed.',
        },
      },
    ]);
    expect(budgetRefusalMessage('en', fresh, 3).text).toBe(
      'Juhe budget reached: This needs 3 billed Juhe call(s), more than the whole daily budget of 2; ask your Slack admin to raise BUDGET_USER_DAILY, or choose one source. Nothing was looked up and nothing was billed.',
    );
    expect(budgetRefusalMessage('zh-CN', { ...fresh, budget: 'team_monthly', limit: 2 }, 5).text).toBe(
      '已达到聚合数据调用预算：本次需要 5 次计费的聚合数据调用，超过了本工作区每月预算的全部额度（共 2 次）；请联系 Slack 管理员调高 BUDGET_TEAM_MONTHLY，或只选择一个数据源。 未进行任何查询，也未产生任何费用。',
    );
    // exactly the whole budget still fits after the reset
    expect(budgetRefusalMessage('en', DAILY, 2).text).toContain('It resets at 2026-03-11 00:00 CST.');
  });

  it('a watch check refused by a budget says which and when it resets', () => {
    const message = checkFailedMessage('en', {
      watchId: 'w1',
      keyword: '江苏',
      realname: '张德洲',
      types: [1, 2, 3],
      category: 'quota',
      code: 'budget_exceeded:user_daily',
      nextCheckAt: new Date('2026-03-11T01:00:00Z'),
      budget: { ...DAILY, limit: 10, used: 10, needed: 5 },
    });
    expect(message.text).toContain(
      'This needs 5 billed Juhe call(s), and your daily budget has 0 of 10 left.',
    );
    expect(message.text).toContain('It resets at 2026-03-11 00:00 CST.');
  });
});
