import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RiskPage, RiskRecord } from '../juhe/types.js';
import type { RiskExport } from '../screening/riskExport.js';
import { riskExportCsv } from './riskExportCsv.js';
import { cstTimestamp, riskExportDocument } from './riskExportRows.js';
import { riskExportTableRow, riskExportXlsx } from './riskExportXlsx.js';

const ANSWERED = new Date('2025-06-06T06:45:30Z'); // 14:45:30 CST
const GENERATED = new Date('2025-06-06T07:00:00Z');

function record(overrides: Partial<RiskRecord> = {}): RiskRecord {
  return {
    caseNo: '(2018)苏0581执5877号',
    publishedDate: new Date(2019, 1, 27),
    court: '常熟市人民法院',
    id: '424e93b460795b5288de982bf37c34062',
    personName: '张德洲',
    relations: [{ type: '1', description: '失信信息', fulfilment: '全部未履行' }],
    ...overrides,
  };
}

function page(
  type: 1 | 2 | 3,
  records: RiskRecord[],
  orderId: string | null,
  totalRecords = records.length,
): RiskPage {
  return {
    type,
    pageIndex: 1,
    pageSize: 10,
    totalRecords,
    totalPages: Math.ceil(totalRecords / 10),
    records,
    orderId,
    billed: true,
    noRecords: totalRecords === 0,
  };
}

const EXPORTED: RiskExport = {
  billedCalls: 2,
  sources: [
    {
      type: 1,
      totalRecords: 1,
      noRecords: false,
      truncated: false,
      pages: [{ page: page(1, [record()], 'JH1001'), fromCache: true, answeredAt: ANSWERED }],
    },
    {
      type: 2,
      totalRecords: 2,
      noRecords: false,
      truncated: false,
      pages: [
        {
          page: page(
            2,
            [
              record({
                caseNo: '=HYPERLINK("http://x")',
                publishedDate: null,
                id: 'b2',
                relations: [
                  { type: '2', description: '被执行人信息', fulfilment: '执行标的：125000元（含利息）' },
                ],
              }),
              record({
                caseNo: '(2020)苏05执1号',
                court: '苏州市中级人民法院, 执行局',
                id: '',
                personName: '张德洲',
                relations: [
                  { type: '2', description: '被执行人信息', fulfilment: '执行标的：1000元' },
                  { type: '2', description: '被执行人信息', fulfilment: '执行标的：2500元' },
                ],
              }),
            ],
            'JH2001',
          ),
          fromCache: false,
          answeredAt: ANSWERED,
        },
      ],
    },
    { type: 3, totalRecords: 0, noRecords: true, truncated: false, pages: [] },
  ],
};

const input = {
  locale: 'en' as const,
  subject: { keyword: '江苏', realname: '张德洲' },
  exported: EXPORTED,
  requesterId: 'U0ANALYST',
  generatedAt: GENERATED,
};

describe('riskExportDocument', () => {
  it('writes a header block and one row per record, relations in their own columns', () => {
    const document = riskExportDocument(input);
    expect(document.title).toBe('Juhe personal risk export');
    expect(document.header).toEqual([
      ['Query', '张*洲 · 江苏 · all three sources'],
      ['Requested by', 'U0ANALYST'],
      ['Generated (CST)', '2025-06-06 15:00:00'],
      ['Records per source', '失信: 1 record · 被执行: 2 records · 限制消费: No records in this source'],
      [
        'Note',
        'A source without records is not a clearance: Juhe found nothing for this name and keyword there, which does not show the person has no record.',
      ],
    ]);
    expect(document.columns.map((column) => column.header)).toEqual([
      'Source',
      'Case number',
      'Published',
      'Court',
      'Person',
      'Fulfilment (履行情况)',
      'Amount enforced (执行标的, CNY)',
      'Details',
      'Record id',
      'Juhe order id',
      'Time of the data (CST)',
    ]);
    expect(document.rows).toEqual([
      {
        source: 'Dishonest debtor (失信)',
        caseNo: '(2018)苏0581执5877号',
        published: '2019-02-27',
        court: '常熟市人民法院',
        person: '张德洲',
        fulfilment: '全部未履行',
        amount: null,
        details: null,
        recordId: '424e93b460795b5288de982bf37c34062',
        orderId: 'JH1001',
        dataTime: '2025-06-06 14:45:30',
      },
      {
        source: 'Enforcement target (被执行)',
        caseNo: '=HYPERLINK("http://x")',
        published: null,
        court: '常熟市人民法院',
        person: '张德洲',
        fulfilment: null,
        amount: 125000,
        details: '（含利息）',
        recordId: 'b2',
        orderId: 'JH2001',
        dataTime: '2025-06-06 14:45:30',
      },
      {
        source: 'Enforcement target (被执行)',
        caseNo: '(2020)苏05执1号',
        published: '2019-02-27',
        court: '苏州市中级人民法院, 执行局',
        person: '张德洲',
        fulfilment: null,
        amount: '1000; 2500',
        details: null,
        recordId: null,
        orderId: 'JH2001',
        dataTime: '2025-06-06 14:45:30',
      },
    ]);
  });

  it('labels in zh-CN, and says which source was cut at 50 pages', () => {
    const truncated: RiskExport = {
      billedCalls: 0,
      sources: [{ ...(EXPORTED.sources[0] as RiskExport['sources'][number]), truncated: true }],
    };
    const document = riskExportDocument({ ...input, locale: 'zh-CN', exported: truncated });
    expect(document.header[0]).toEqual(['查询', '张*洲 · 江苏 · 失信']);
    expect(document.header.at(-1)).toEqual(['说明', '失信仅包含前 50 页（1 条记录）。']);
    expect(document.columns.map((column) => column.header).slice(5, 7)).toEqual([
      '履行情况',
      '执行标的（元）',
    ]);
    expect(document.rows[0]?.source).toBe('失信被执行人');
  });

  it('formats CST times by arithmetic', () => {
    expect(cstTimestamp(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01 00:00:00');
  });
});

describe('riskExportCsv', () => {
  it('is UTF-8 with a BOM, RFC 4180 quoted, formula starts neutralised', () => {
    const csv = riskExportCsv(riskExportDocument(input));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines.slice(0, 8)).toEqual([
      'Juhe personal risk export',
      'Query,张*洲 · 江苏 · all three sources',
      'Requested by,U0ANALYST',
      'Generated (CST),2025-06-06 15:00:00',
      'Records per source,失信: 1 record · 被执行: 2 records · 限制消费: No records in this source',
      'Note,"A source without records is not a clearance: Juhe found nothing for this name and keyword there, which does not show the person has no record."',
      '',
      'Source,Case number,Published,Court,Person,Fulfilment (履行情况),"Amount enforced (执行标的, CNY)",Details,Record id,Juhe order id,Time of the data (CST)',
    ]);
    expect(lines.slice(8)).toEqual([
      'Dishonest debtor (失信),(2018)苏0581执5877号,2019-02-27,常熟市人民法院,张德洲,全部未履行,,,424e93b460795b5288de982bf37c34062,JH1001,2025-06-06 14:45:30',
      `Enforcement target (被执行),"'=HYPERLINK(""http://x"")",,常熟市人民法院,张德洲,,125000,（含利息）,b2,JH2001,2025-06-06 14:45:30`,
      'Enforcement target (被执行),(2020)苏05执1号,2019-02-27,"苏州市中级人民法院, 执行局",张德洲,,1000; 2500,,,JH2001,2025-06-06 14:45:30',
      '',
    ]);
  });

  it('neutralises + - @ starts too', () => {
    const document = riskExportDocument(input);
    document.rows = [
      {
        ...(document.rows[0] as (typeof document.rows)[number]),
        court: '+1',
        person: '-2',
        fulfilment: '@x',
      },
    ];
    const last = riskExportCsv(document).toString('utf8').split('\r\n').at(-2);
    expect(last).toContain(",'+1,'-2,'@x,");
  });
});

describe('riskExportXlsx', () => {
  it('reads back with exceljs: header block, bold frozen table header, typed cells, no formulas', async () => {
    const document = riskExportDocument(input);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await riskExportXlsx(document, GENERATED)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Records');
    if (!sheet) throw new Error('no sheet');
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Juhe personal risk export']);
    expect(values(2)).toEqual(['Query', '张*洲 · 江苏 · all three sources']);
    expect(values(4)).toEqual(['Generated (CST)', '2025-06-06 15:00:00']);
    const tableRow = riskExportTableRow(document);
    expect(tableRow).toBe(8);
    expect(values(tableRow)[0]).toBe('Source');
    expect(sheet.getRow(tableRow).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 8 });
    expect(values(tableRow + 1)).toEqual([
      'Dishonest debtor (失信)',
      '(2018)苏0581执5877号',
      '2019-02-27',
      '常熟市人民法院',
      '张德洲',
      '全部未履行',
      undefined,
      undefined,
      '424e93b460795b5288de982bf37c34062',
      'JH1001',
      '2025-06-06 14:45:30',
    ]);
    // a formula-shaped case number stays text; one amount is a number
    expect(sheet.getRow(tableRow + 2).getCell(2).value).toBe('=HYPERLINK("http://x")');
    expect(sheet.getRow(tableRow + 2).getCell(7).value).toBe(125000);
    expect(sheet.rowCount).toBe(tableRow + 3);
    expect(workbook.created).toEqual(GENERATED);
  });
});
