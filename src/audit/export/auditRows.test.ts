import { describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../auditTrail.js';
import { AUDIT_EXPORT_COLUMNS, chinaTimestamp, toAuditExportRow } from './auditRows.js';

const FINANCE_ROW: AuditedQueryRow = {
  queryId: '0b6c1d1e-0000-4000-8000-000000000001',
  startedAt: new Date('2026-11-05T06:03:22.456Z'),
  finishedAt: new Date('2026-11-05T06:03:23.001Z'),
  started: {
    requester: 'U0ANALYST',
    channel: 'C0GENERAL',
    surface: 'modal',
    api: 'finance',
    type: null,
    purpose: 'Loan application KYC',
    consent: true,
  },
  finished: {
    outcome: '0',
    billed: true,
    orderIds: ['JH815A'],
    recordCounts: {},
    latencyMs: 545,
    cacheHit: false,
  },
  subject: { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' },
};

describe('toAuditExportRow', () => {
  it('has the columns an auditor reads, in order', () => {
    expect(AUDIT_EXPORT_COLUMNS.map((column) => column.header)).toEqual([
      'query id',
      'started at',
      'finished at',
      'requester',
      'channel',
      'surface',
      'api',
      'type',
      'purpose',
      'consent',
      'subject name',
      'subject keyword',
      'subject 身份证',
      'subject mobile',
      'subject input',
      'outcome',
      'billed',
      'billed calls',
      'order ids',
      'record counts',
      'latency ms',
      'cache hit',
    ]);
  });

  it('joins start and finish, the subject decrypted, times in China Standard Time', () => {
    expect(toAuditExportRow(FINANCE_ROW)).toEqual({
      queryId: '0b6c1d1e-0000-4000-8000-000000000001',
      startedAt: '2026-11-05T14:03:22+08:00',
      finishedAt: '2026-11-05T14:03:23+08:00',
      requester: 'U0ANALYST',
      channel: 'C0GENERAL',
      surface: 'modal',
      api: 'finance',
      type: null,
      purpose: 'Loan application KYC',
      consent: true,
      subjectName: '张三',
      subjectKeyword: null,
      subjectIdcard: '11010519491231002X',
      subjectMobile: '13812345678',
      subjectInput: null,
      outcome: '0',
      billed: true,
      billedCalls: 1,
      orderIds: 'JH815A',
      recordCounts: '',
      latencyMs: 545,
      cacheHit: false,
    });
  });

  it('a query started with no outcome leaves the outcome columns empty; counts read like the outcome column', () => {
    const row = toAuditExportRow({
      queryId: 'q2',
      startedAt: new Date('2026-11-05T16:00:00.000Z'),
      finishedAt: null,
      started: {
        requester: 'U1',
        channel: null,
        surface: 'command',
        api: 'risk',
        type: 'all',
        purpose: null,
        consent: null,
      },
      finished: null,
      subject: { keyword: '江苏德洲', realname: '张德洲' },
    });
    expect(row).toMatchObject({
      startedAt: '2026-11-06T00:00:00+08:00',
      finishedAt: null,
      channel: null,
      type: 'all',
      subjectKeyword: '江苏德洲',
      subjectName: '张德洲',
      outcome: null,
      billed: null,
      billedCalls: null,
      orderIds: null,
      recordCounts: null,
      latencyMs: null,
      cacheHit: null,
    });
    const overview = toAuditExportRow({
      ...FINANCE_ROW,
      finished: { ...FINANCE_ROW.finished, orderIds: ['A', 'B'], recordCounts: { '1': 31, '2': 0, '3': 5 } },
      subject: null,
    });
    expect([overview.orderIds, overview.recordCounts, overview.subjectName]).toEqual([
      'A B',
      '1:31 2:0 3:5',
      null,
    ]);
  });

  it("billed calls: an export's count as recorded, else 1 or 0 from billed", () => {
    const exported = toAuditExportRow({
      ...FINANCE_ROW,
      started: { ...FINANCE_ROW.started, api: 'export', type: '2' },
      finished: { ...FINANCE_ROW.finished, outcome: 'exported', billed: true, billedCalls: 3 },
    });
    expect([exported.billed, exported.billedCalls]).toEqual([true, 3]);
    const cached = toAuditExportRow({
      ...FINANCE_ROW,
      finished: { ...FINANCE_ROW.finished, outcome: 'exported', billed: false, billedCalls: 0 },
    });
    expect(cached.billedCalls).toBe(0);
    const unbilled = toAuditExportRow({
      ...FINANCE_ROW,
      finished: { ...FINANCE_ROW.finished, billed: false },
    });
    expect(unbilled.billedCalls).toBe(0);
  });

  it('chinaTimestamp', () => {
    expect(chinaTimestamp(new Date('2026-12-31T16:30:00.000Z'))).toBe('2027-01-01T00:30:00+08:00');
  });
});
