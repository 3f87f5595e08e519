import { describe, expect, it } from 'vitest';
import { auditCsv } from './auditCsv.js';
import { AUDIT_EXPORT_COLUMNS, type AuditExportRow } from './auditRows.js';

const HEADER =
  'query id,started at,finished at,requester,channel,surface,api,type,purpose,consent,subject name,subject keyword,subject 身份证,subject mobile,subject input,outcome,billed,billed calls,order ids,record counts,latency ms,cache hit\r\n';

function row(overrides: Partial<AuditExportRow>): AuditExportRow {
  const empty = Object.fromEntries(
    AUDIT_EXPORT_COLUMNS.map((column) => [column.key, null]),
  ) as AuditExportRow;
  return { ...empty, ...overrides };
}

describe('auditCsv', () => {
  it('starts with a UTF-8 BOM and a header record; CRLF after every record', () => {
    const bytes = auditCsv([]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(`\uFEFF${HEADER}`);
  });

  it('writes one record per query, 中文 as UTF-8, numbers and booleans as text, null as empty', () => {
    const csv = auditCsv([
      row({
        queryId: 'q1',
        startedAt: '2026-11-05T14:03:22+08:00',
        requester: 'U0ANALYST',
        api: 'finance',
        consent: true,
        subjectName: '张三',
        subjectIdcard: '11010519491231002X',
        subjectMobile: '13812345678',
        outcome: '0',
        billed: true,
        billedCalls: 1,
        orderIds: 'JH815A',
        latencyMs: 545,
        cacheHit: false,
      }),
    ]).toString('utf8');
    expect(csv).toBe(
      `\uFEFF${HEADER}q1,2026-11-05T14:03:22+08:00,,U0ANALYST,,,finance,,,true,张三,,11010519491231002X,13812345678,,0,true,1,JH815A,,545,false\r\n`,
    );
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const csv = auditCsv([row({ purpose: 'KYC, "urgent"\nsecond line', subjectKeyword: 'a\rb' })]).toString(
      'utf8',
    );
    const record = csv.slice(`\uFEFF${HEADER}`.length);
    expect(record).toBe(',,,,,,,,"KYC, ""urgent""\nsecond line",,,"a\rb",,,,,,,,,,\r\n');
  });

  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+86 138', "'+86 138"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a=b', 'a=b'],
  ])('guards %j against formula injection as %s', (value, expected) => {
    const csv = auditCsv([row({ subjectKeyword: value })]).toString('utf8');
    expect(csv.slice(`\uFEFF${HEADER}`.length)).toBe(`,,,,,,,,,,,${expected},,,,,,,,,,\r\n`);
  });
});
