import { describe, expect, it } from 'vitest';
import { auditPeriod } from '../../audit/export/auditPeriod.js';
import { LOCALES } from '../../i18n/catalog.js';
import type { AuditCommandProblem } from '../commands/riskCommand.types.js';
import {
  auditDoneMessage,
  auditEmptyMessage,
  auditFileComment,
  auditRefusalMessage,
  auditUsageMessage,
} from './auditMessages.js';
import { riskHelpMessage } from './riskHelp.js';

const result = auditPeriod({ from: '2026-11-01', to: '2026-11-30', today: '2026-12-15' });
if (!result.ok) throw new Error('bad period');
const request = { period: result.period };

describe('audit export messages', () => {
  it('confirm where the files are, how many queries, and that they hold personal data', () => {
    expect(auditDoneMessage('en', request, 2, ['a.csv', 'a.xlsx']).text).toBe(
      ':white_check_mark: Your audit export (2026-11-01 to 2026-11-30: 2 queries) is in your DM with the app: `a.csv`, `a.xlsx`. It holds personal data in clear; keep it only as long as the audit needs it and do not forward it.',
    );
    expect(auditDoneMessage('zh-CN', { ...request, requester: 'U0ANALYST' }, 1, ['a.csv']).text).toBe(
      ':white_check_mark: 审计导出（2026-11-01 至 2026-11-30，查询人 <@U0ANALYST>，共 1 条查询）已发送到您与本应用的私信：`a.csv`。文件含未脱敏的个人信息，请仅在审计需要期间保留，切勿转发。',
    );
    expect(auditEmptyMessage('en', request).text).toBe(
      'No queries were recorded for 2026-11-01 to 2026-11-30, so there is nothing to export and no file was made.',
    );
    expect(auditFileComment('en', { ...request, requester: 'U0ANALYST' }, 1)).toBe(
      'Audit export, 2026-11-01 to 2026-11-30, queries by <@U0ANALYST> (China Standard Time, both days included): 1 query. Personal data in clear: do not forward.',
    );
  });

  it('the refusal says auditors only and who decides', () => {
    expect(auditRefusalMessage('en').text).toBe(
      'Sorry, only auditors may export the audit trail (`/risk audit`). Ask a Slack admin to add your member ID to AUDITOR_USER_IDS.',
    );
    expect(auditRefusalMessage('zh-CN').text).toContain('AUDITOR_USER_IDS');
  });

  it.each<[AuditCommandProblem, string]>([
    [
      { code: 'date_format', word: '2026/11/01' },
      '“2026/11/01” is not a date in the form YYYY-MM-DD. Write each date as YYYY-MM-DD, the start first: `/risk audit 2026-11-01 2026-11-30`.',
    ],
    [
      { code: 'date_impossible', word: '2026-02-30' },
      '2026-02-30 is not a day on the calendar. Write each date as YYYY-MM-DD, the start first: `/risk audit 2026-11-01 2026-11-30`.',
    ],
    [
      { code: 'range_reversed', from: '2026-12-01', to: '2026-11-30', days: 0 },
      'The start date 2026-12-01 is after the end date 2026-11-30. Put the earlier date first: `/risk audit 2026-11-30 2026-12-01`.',
    ],
    [
      { code: 'range_too_long', from: '2025-01-01', to: '2026-01-02', days: 367 },
      'From 2025-01-01 to 2026-01-02 is 367 days; one export covers at most 366 days. Export a shorter period, for example one quarter at a time: `/risk audit 2026-10-01 2026-12-31`.',
    ],
    [
      { code: 'user_handle', word: '@ana' },
      '“@ana” is a display name, not a member ID: names change and can be shared, so the export is filtered by ID only. Use the member ID instead (their profile → ⋯ → Copy member ID), e.g. `/risk audit 2026-11-01 2026-11-30 U0123ABCD`.',
    ],
    [
      { code: 'unknown_word' },
      'One of the words is neither a date (YYYY-MM-DD) nor a member. Write each date as YYYY-MM-DD, the start first: `/risk audit 2026-11-01 2026-11-30`.',
    ],
  ])('usage %j', (problem, text) => {
    const message = auditUsageMessage('en', problem);
    expect(message.text).toBe(text);
    expect(message.blocks).toHaveLength(2);
  });

  it('every usage problem reads in both locales, escaped for mrkdwn', () => {
    for (const locale of LOCALES) {
      const message = auditUsageMessage(locale, { code: 'unknown_word', word: '<!channel>' });
      expect(message.text).toContain('&lt;!channel&gt;');
      expect(message.text).not.toContain('{');
    }
    expect(
      auditUsageMessage('zh-CN', { code: 'range_reversed', from: '2026-12-01', to: '2026-11-30' }).text,
    ).toBe(
      '开始日期 2026-12-01 晚于结束日期 2026-11-30。请把较早的日期放在前面：`/risk audit 2026-11-30 2026-12-01`。',
    );
  });

  it('/risk help mentions the audit subcommand to auditors only', () => {
    const forAnalyst = JSON.stringify(riskHelpMessage('en'));
    const forAuditor = JSON.stringify(riskHelpMessage('en', { auditor: true }));
    expect(forAnalyst).not.toContain('/risk audit');
    expect(forAuditor).toContain('/risk audit [from] [to] [member]');
    expect(riskHelpMessage('en', { auditor: true }).blocks).toHaveLength(
      riskHelpMessage('en').blocks.length + 1,
    );
  });
});
