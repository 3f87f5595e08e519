import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BATCH_SHEET_ROWS_BEFORE_TABLE, batchResultsXlsx, batchResultTable } from './batchReport.js';
import type { BatchRecord, BatchRowRecord } from './batchStore.js';
import { summariseBatch } from './batchSummary.js';

const NOW = new Date('2026-03-01T01:00:00.000Z');
const BATCH: BatchRecord = {
  id: '5f61d306-e07b-4b51-924d-4d7742a23a2f',
  owner: 'U0ANALYST',
  status: 'cancelled',
  stopReason: null,
  stopDetail: null,
  spec: { purpose: 'Annual review of suppliers', fileName: 'list.csv' },
  dmChannel: 'D0ANALYST',
  messageTs: '1.2',
  acceptedRows: 4,
  rejectedRows: 1,
  costCalls: 8,
  createdAt: NOW,
  startedAt: NOW,
  finishedAt: new Date(NOW.getTime() + 60_000),
  reportedAt: null,
  reportFileAt: null,
  runAttempts: 1,
};

const ROWS: BatchRowRecord[] = [
  {
    row: 2,
    status: 'done',
    types: [1, 2, 3],
    subject: { keyword: '江苏常熟纺织有限公司', realname: '张德洲' },
    rejectReason: null,
    outcome: {
      sources: [
        { type: 1, records: 31, orderId: 'JH001', fromStore: false, billed: true },
        { type: 2, records: 7, orderId: 'JH002', fromStore: false, billed: true },
        { type: 3, records: 0, orderId: null, fromStore: true, billed: false },
      ],
    },
    hit: true,
    attempts: 1,
    queryId: null,
  },
  {
    row: 3,
    status: 'done',
    types: [1],
    subject: { keyword: '=HYPERLINK("x")', realname: '王芳' },
    rejectReason: null,
    outcome: { sources: [{ type: 1, records: 0, orderId: null, fromStore: false, billed: false }] },
    hit: false,
    attempts: 1,
    queryId: null,
  },
  {
    row: 4,
    status: 'rejected',
    types: [],
    rejectReason: 'keyword_is_personal_id',
    outcome: null,
    hit: null,
    attempts: 0,
    queryId: null,
  },
  {
    row: 5,
    status: 'failed',
    types: [1, 2, 3],
    subject: { keyword: '北京朝阳科技有限公司', realname: '李娜' },
    rejectReason: null,
    outcome: {
      sources: [{ type: 1, records: 3, orderId: 'JH005', fromStore: false, billed: true }],
      error: { code: 'TIMEOUT', category: 'timeout' },
    },
    hit: true,
    attempts: 2,
    queryId: null,
  },
  {
    row: 6,
    status: 'pending',
    types: [1, 2, 3],
    subject: { keyword: '杭州西湖贸易有限公司', realname: '赵敏' },
    rejectReason: null,
    outcome: null,
    hit: null,
    attempts: 0,
    queryId: null,
  },
];

describe('the results file of a batch', () => {
  it('one row per row of the file: counts, hits, order ids, error or reason, status; names masked', () => {
    expect(batchResultTable('en', ROWS)).toEqual([
      [
        'Row in your file',
        'Keyword',
        'Name (masked)',
        'Sources',
        '失信 records',
        '被执行 records',
        '限制消费 records',
        'Records found',
        'Juhe order ids',
        'Error or reason',
        'Status',
      ],
      [
        2,
        '江苏常熟纺织有限公司',
        '张*洲',
        'all three sources',
        31,
        7,
        0,
        'yes',
        'JH001, JH002',
        null,
        'screened',
      ],
      [3, '=HYPERLINK("x")', '王*', '失信', 0, null, null, 'no', null, null, 'screened'],
      [
        4,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "This looks like a 身份证 or mobile number. Enter the company the person is linked to; for a person's rating use /finance.",
        'rejected',
      ],
      [
        5,
        '北京朝阳科技有限公司',
        '李*',
        'all three sources',
        3,
        null,
        null,
        null,
        'JH005',
        'TIMEOUT (timeout)',
        'failed',
      ],
      [
        6,
        '杭州西湖贸易有限公司',
        '赵*',
        'all three sources',
        null,
        null,
        null,
        null,
        null,
        null,
        'not screened',
      ],
    ]);
  });

  it('the XLSX, read back: the header block, then the table; a keyword that looks like a formula stays text', async () => {
    const bytes = await batchResultsXlsx({ locale: 'en', batch: BATCH, rows: ROWS, generatedAt: NOW });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Results');
    if (!sheet) throw new Error('no Results sheet');
    const read: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => read.push((row.values as unknown[]).slice(1)));
    expect(read.slice(0, BATCH_SHEET_ROWS_BEFORE_TABLE)).toEqual([
      ['Batch screening results'],
      ['Batch', BATCH.id],
      ['File', 'list.csv'],
      ['Requested by', 'U0ANALYST'],
      ['Time (CST)', '2026-03-01 09:00'],
      ['Purpose', 'Annual review of suppliers'],
      ['Batch status', 'cancelled'],
      ['Not a clearance: a row without records has none in these sources on Juhe today, and clears nobody.'],
    ]);
    const table = read.slice(BATCH_SHEET_ROWS_BEFORE_TABLE);
    const expected = batchResultTable('en', ROWS).map((cells) => {
      // exceljs reads an empty cell back as a hole; trailing ones are not there at all
      const out = cells.map((cell) => (cell === null ? undefined : cell));
      while (out.length > 0 && out.at(-1) === undefined) out.pop();
      return out;
    });
    expect(table.map((cells) => [...cells])).toEqual(expected);
    expect(sheet.getCell(BATCH_SHEET_ROWS_BEFORE_TABLE + 3, 2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: BATCH_SHEET_ROWS_BEFORE_TABLE + 1 });
  });

  it('zh-CN headers', () => {
    expect(batchResultTable('zh-CN', [])[0]).toEqual([
      '文件中的行号',
      '关键词',
      '姓名（已脱敏）',
      '数据源',
      '失信记录数',
      '被执行记录数',
      '限制消费记录数',
      '是否有记录',
      '聚合订单号',
      '错误或原因',
      '状态',
    ]);
  });
});

describe('summariseBatch', () => {
  it('counts rows by status, and subjects with records per source asked', () => {
    expect(summariseBatch(ROWS)).toEqual({
      accepted: 4,
      done: 2,
      failed: 1,
      notScreened: 1,
      rejected: 1,
      withRecords: [
        { type: 1, subjects: 1 },
        { type: 2, subjects: 1 },
        { type: 3, subjects: 0 },
      ],
      withAnyRecord: 1,
    });
    expect(summariseBatch([ROWS[1] as BatchRowRecord]).withRecords).toEqual([{ type: 1, subjects: 0 }]);
  });
});
