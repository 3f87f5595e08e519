import { describe, expect, it } from 'vitest';
import { parseRiskCommand } from './parseRiskCommand.js';

const TODAY = '2026-12-15';
const parse = (text: string) => parseRiskCommand(text, TODAY);

function periodOf(text: string) {
  const parsed = parse(text);
  if (parsed.kind !== 'audit') throw new Error(`not an audit: ${JSON.stringify(parsed)}`);
  const { from, to, days } = parsed.request.period;
  return { from, to, days, requester: parsed.request.requester };
}

describe('parseRiskCommand: /risk audit', () => {
  it('defaults to the last 30 days up to today', () => {
    expect(periodOf('audit')).toEqual({
      from: '2026-11-16',
      to: '2026-12-15',
      days: 30,
      requester: undefined,
    });
    expect(periodOf('  AUDIT  ')).toMatchObject({ from: '2026-11-16', to: '2026-12-15' });
  });

  it('reads from, to and a member in any position', () => {
    expect(periodOf('audit 2026-11-01 2026-11-30')).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      days: 30,
      requester: undefined,
    });
    expect(periodOf('audit 2026-12-01')).toMatchObject({ from: '2026-12-01', to: '2026-12-15', days: 15 });
    expect(periodOf('audit 2026-11-01 2026-11-30 <@U0ANALYST>').requester).toBe('U0ANALYST');
    expect(periodOf('audit <@U0ANALYST|ana.analyst> 2026-11-01').requester).toBe('U0ANALYST');
    expect(periodOf('audit &lt;@W0123ABC&gt;').requester).toBe('W0123ABC');
    expect(periodOf('audit 2026-11-01 U0ANALYST 2026-11-30')).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      requester: 'U0ANALYST',
    });
    expect(periodOf('audit ２０２６-１１-０１')).toMatchObject({ from: '2026-11-01' });
  });

  it('a quoted "audit" or audit in another position is still a risk query', () => {
    expect(parse('"audit" 张三').kind).toBe('query');
    expect(parse('auditing 张三').kind).toBe('query');
  });

  it.each([
    ['audit 2026/11/01', { code: 'date_format', word: '2026/11/01' }],
    ['audit 20261101', { code: 'date_format', word: '20261101' }],
    ['audit 2026-02-30', { code: 'date_impossible', word: '2026-02-30' }],
    ['audit 2026-13-01 2026-12-01', { code: 'date_impossible', word: '2026-13-01' }],
    [
      'audit 2026-12-01 2026-11-30',
      { code: 'range_reversed', from: '2026-12-01', to: '2026-11-30', days: 0 },
    ],
    ['audit 2027-01-01', { code: 'range_reversed', from: '2027-01-01', to: '2026-12-15', days: -16 }],
    [
      'audit 2025-01-01 2026-01-02',
      { code: 'range_too_long', from: '2025-01-01', to: '2026-01-02', days: 367 },
    ],
    ['audit 2026-11-01 @ana.analyst', { code: 'user_handle', word: '@ana.analyst' }],
    ['audit ＠安娜', { code: 'user_handle', word: '＠安娜' }],
    ['audit last-month', { code: 'unknown_word', word: 'last-month' }],
    ['audit u0analyst', { code: 'unknown_word', word: 'u0analyst' }],
    ['audit 2026-11-01 2026-11-02 2026-11-03', { code: 'too_many_words' }],
    ['audit U0A U0B', { code: 'too_many_words' }],
  ])('%s → %j', (text, problem) => {
    expect(parse(text)).toEqual({ kind: 'auditInvalid', problem });
  });

  it('never echoes a word shaped like a 身份证 or a mobile', () => {
    expect(parse('audit 11010519491231002X')).toEqual({
      kind: 'auditInvalid',
      problem: { code: 'date_format' },
    });
    expect(parse('audit 13812345678')).toEqual({ kind: 'auditInvalid', problem: { code: 'date_format' } });
    expect(parse('audit @13812345678')).toEqual({ kind: 'auditInvalid', problem: { code: 'user_handle' } });
  });
});
