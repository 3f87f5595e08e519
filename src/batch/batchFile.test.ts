import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBatchFile } from './batchFile.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/batch/${name}`, import.meta.url)));
const LIMIT = { maxRows: 500 };

const FOUR_SUBJECTS = [
  { row: 2, keyword: '江苏', realname: '张德洲', scope: 1 },
  { row: 3, keyword: '北京朝阳科技有限公司', realname: '李娜', scope: 'all' },
  { row: 4, keyword: '上海浦东建设有限公司, 浦东分公司', realname: '王建国', scope: 2 },
  { row: 5, keyword: '杭州西湖贸易有限公司', realname: '赵敏', scope: 3 },
];

describe('readBatchFile: CSV', () => {
  it('reads UTF-8 with a BOM: Chinese headers, quotes with a comma, an empty type meaning all three', async () => {
    expect(await readBatchFile(fixture('subjects-utf8-bom.csv'), LIMIT)).toEqual({
      ok: true,
      format: 'csv',
      encoding: 'utf-8',
      subjects: FOUR_SUBJECTS,
      rejected: [],
    });
  });

  it('reads GBK as Excel saves it on a Chinese Windows (CRLF), to the same subjects', async () => {
    expect(await readBatchFile(fixture('subjects-gbk.csv'), LIMIT)).toEqual({
      ok: true,
      format: 'csv',
      encoding: 'gbk',
      subjects: FOUR_SUBJECTS,
      rejected: [],
    });
  });

  it('rejects each bad row with its row number and the rule it broke, and keeps the good ones', async () => {
    const read = await readBatchFile(fixture('bad-rows.csv'), LIMIT);
    expect(read).toEqual({
      ok: true,
      format: 'csv',
      encoding: 'utf-8',
      subjects: [
        { row: 2, keyword: '江苏', realname: '张德洲', scope: 1 },
        // a quoted keyword may hold a line break; rows are still numbered as the file's records
        { row: 9, keyword: '成都武侯商贸\n有限公司', realname: '陈静', scope: 'all' },
      ],
      rejected: [
        { row: 3, reason: 'keyword_is_personal_id' },
        { row: 4, reason: 'realname_missing' },
        { row: 5, reason: expect.stringMatching(/^name_/) },
        { row: 6, reason: 'unknown_type' },
        { row: 7, reason: 'keyword_missing' },
      ],
    });
    // a rejection names the rule, never what the row held
    expect(JSON.stringify(read)).not.toContain('110105194912310025');
  });
});

describe('readBatchFile: XLSX', () => {
  it('reads the first sheet: English headers, rich text, an empty row skipped, numbers as types', async () => {
    expect(await readBatchFile(fixture('subjects.xlsx'), LIMIT)).toEqual({
      ok: true,
      format: 'xlsx',
      subjects: [
        { row: 2, keyword: '江苏', realname: '张德洲', scope: 1 },
        { row: 3, keyword: '北京朝阳科技有限公司', realname: '李娜', scope: 'all' },
        // sheet row 4 is empty: the rows after it keep their own numbers
        { row: 5, keyword: '上海浦东建设有限公司', realname: '王建国', scope: 2 },
      ],
      rejected: [{ row: 6, reason: 'keyword_is_personal_id' }],
    });
  });
});

describe('readBatchFile: files it cannot use, before anything is billed', () => {
  it.each([
    ['not-a-spreadsheet.png', { ok: false, problem: 'not_a_spreadsheet' }],
    ['header-only.csv', { ok: false, problem: 'empty' }],
    ['no-header.csv', { ok: false, problem: 'no_header' }],
  ])('%s', async (name, expected) => {
    expect(await readBatchFile(fixture(name), LIMIT)).toEqual(expected);
  });

  it('an empty file, a broken ZIP and a file over the limit', async () => {
    expect(await readBatchFile(new Uint8Array(), LIMIT)).toEqual({ ok: false, problem: 'empty' });
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(await readBatchFile(brokenZip, LIMIT)).toEqual({ ok: false, problem: 'not_a_spreadsheet' });
    expect(await readBatchFile(fixture('subjects-utf8-bom.csv'), { maxRows: 3 })).toEqual({
      ok: false,
      problem: 'too_many_rows',
      rows: 4,
      maxRows: 3,
    });
  });

  it('never throws on arbitrary bytes, and every row it accepts passes the command rules', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        const read = await readBatchFile(bytes, LIMIT);
        if (read.ok) for (const subject of read.subjects) expect(subject.keyword.trim()).not.toBe('');
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 20 }),
        async (cells) => {
          const text = [
            '企业名称,姓名,类型',
            ...cells.map((row) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')),
          ].join('\n');
          const read = await readBatchFile(new TextEncoder().encode(text), LIMIT);
          if (read.ok) {
            const rows = [...read.subjects.map((s) => s.row), ...read.rejected.map((r) => r.row)];
            expect(new Set(rows).size).toBe(rows.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('readBatchFile: row numbers are the file’s, blank rows and all', () => {
  const HEADER = ['keyword', 'realname', 'type'];
  const GOOD = ['北京朝阳科技有限公司', '李娜', '失信'];
  const BAD = ['北京朝阳科技有限公司', '', '失信'];
  const expected = {
    subjects: [{ row: 2, keyword: '北京朝阳科技有限公司', realname: '李娜', scope: 1 }],
    rejected: [{ row: 5, reason: 'realname_missing' }],
  };

  it('CSV: header, a good row, two blank lines, a bad row on line 5 → row 5', async () => {
    const csv = [HEADER, GOOD, [], [], BAD].map((cells) => cells.join(',')).join('\n');
    expect(await readBatchFile(new TextEncoder().encode(csv), LIMIT)).toMatchObject(expected);
  });

  it('XLSX: header, a good row, two blank rows, a bad row at sheet row 5 → row 5', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('subjects');
    sheet.getRow(1).values = HEADER;
    sheet.getRow(2).values = GOOD;
    sheet.getRow(5).values = BAD;
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await readBatchFile(bytes, LIMIT)).toMatchObject({ format: 'xlsx', ...expected });
  });
});
