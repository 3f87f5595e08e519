import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AUDIT_EXPORT_COLUMNS, type AuditExportRow } from './auditRows.js';
import { AUDIT_SHEET_NAME, auditXlsx } from './auditXlsx.js';

function row(overrides: Partial<AuditExportRow>): AuditExportRow {
  const empty = Object.fromEntries(
    AUDIT_EXPORT_COLUMNS.map((column) => [column.key, null]),
  ) as AuditExportRow;
  return { ...empty, ...overrides };
}

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('auditXlsx', () => {
  it('one sheet: the header row, then one typed row per query, read back by exceljs', async () => {
    const generatedAt = new Date('2026-12-01T02:00:00.000Z');
    const bytes = await auditXlsx(
      [
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
          billedCalls: 3,
          latencyMs: 545,
          cacheHit: false,
        }),
        row({ queryId: 'q2', subjectKeyword: '=HYPERLINK("http://x")', subjectInput: 'a\u0000b\u001Fc' }),
      ],
      generatedAt,
    );
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip, as every .xlsx is
    const workbook = await readBack(bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([AUDIT_SHEET_NAME]);
    expect(workbook.created).toEqual(generatedAt);
    const sheet = workbook.getWorksheet(AUDIT_SHEET_NAME) as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(3);
    const values = (index: number) => (sheet.getRow(index).values as unknown[]).slice(1);
    expect(values(1)).toEqual(AUDIT_EXPORT_COLUMNS.map((column) => column.header));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const first = values(2);
    expect(first).toHaveLength(AUDIT_EXPORT_COLUMNS.length);
    expect(first).toEqual([
      'q1',
      '2026-11-05T14:03:22+08:00',
      undefined,
      'U0ANALYST',
      undefined,
      undefined,
      'finance',
      undefined,
      undefined,
      true,
      '张三',
      undefined,
      '11010519491231002X',
      '13812345678',
      undefined,
      '0',
      true,
      3,
      undefined,
      undefined,
      545,
      false,
    ]);
    // text stays text (never a formula), with XML's forbidden control characters dropped
    const second = sheet.getRow(3);
    expect(second.getCell(12).value).toBe('=HYPERLINK("http://x")');
    expect(second.getCell(12).type).toBe(ExcelJS.ValueType.String);
    expect(second.getCell(15).value).toBe('abc');
  });
});
