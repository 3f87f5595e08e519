import { describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../audit/auditTrail.js';
import { homeQueryOf } from './homeFlow.js';

const AT = new Date('2026-03-02T02:00:00.000Z');

function row(
  started: Record<string, unknown>,
  finished: Record<string, unknown> | null,
  subject: AuditedQueryRow['subject'],
): AuditedQueryRow {
  return { queryId: 'q', startedAt: AT, finishedAt: finished ? AT : null, started, finished, subject };
}

describe('homeQueryOf: a recent query as the App Home lists it', () => {
  it('masks the name, keeps the keyword, and offers a risk query again', () => {
    expect(
      homeQueryOf(row({ api: 'risk', type: '1' }, { outcome: '0' }, { keyword: '江苏', realname: '张德洲' })),
    ).toEqual({
      at: AT,
      api: 'risk',
      scope: 1,
      subject: '张*洲 · 江苏',
      outcome: '0',
      reopen: {
        scope: 'page',
        cursor: { keyword: '江苏', realname: '张德洲', type: 1, pageIndex: 1, pageSize: 10 },
      },
    });
  });

  it('never shows back what was typed into an input the app refused, nor offers it again', () => {
    const typed = { keyword: '110105194912310025', realname: '张德洲' };
    const query = homeQueryOf(row({ api: 'risk', type: null }, { outcome: 'invalid_input' }, typed));
    expect(query).toEqual({
      at: AT,
      api: 'risk',
      scope: null,
      subject: '',
      unreadableInput: true,
      outcome: 'invalid_input',
    });
    expect(JSON.stringify(query)).not.toContain('110105194912310025');
  });

  it('masks a 身份证 or mobile inside a keyword, and finance subjects by their masks', () => {
    expect(
      homeQueryOf(
        row(
          { api: 'risk', type: 'all' },
          { outcome: '1:0,2:0,3:0' },
          { keyword: '联系 13812345678', realname: '张德洲' },
        ),
      ).subject,
    ).toBe('张*洲 · 联系 138****5678');
    expect(
      homeQueryOf(
        row(
          { api: 'finance', type: null },
          { outcome: 'refused' },
          { realname: '张三', idcard: '11010519491231002X' },
        ),
      ),
    ).toEqual({
      at: AT,
      api: 'finance',
      scope: null,
      subject: '张* · 110105********002X',
      outcome: 'refused',
    });
  });

  it('a query that never finished reads as unfinished', () => {
    expect(homeQueryOf(row({ api: 'audit_export', type: null }, null, null))).toEqual({
      at: AT,
      api: 'audit_export',
      scope: null,
      subject: '–',
      outcome: 'unfinished',
    });
  });
});
