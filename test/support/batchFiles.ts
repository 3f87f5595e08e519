import { sandboxWatchSubjects } from '../../src/local/sandbox/fixtures/watchSubjects.js';

/**
 * Batch files built from the sandbox's subjects (docs/sandbox.md § Subjects to watch): every row a
 * distinct keyword, the names cycling through subjects with records and names without any, so a test
 * knows from the sandbox's fixtures what each row must come back with.
 */
export interface BatchFileRow {
  /** the row's number in the file: the header is row 1 */
  row: number;
  keyword: string;
  realname: string;
  /** the type column as written ('' = all three sources) */
  type: string;
}

/** The three bad rows of the 50-row fixture: a row number each, and the reason the reader gives. */
export const BAD_ROWS: ReadonlyArray<{ row: number; cells: [string, string, string]; reason: string }> = [
  { row: 8, cells: ['广州天河物流有限公司第99分公司', '', ''], reason: 'realname_missing' },
  { row: 21, cells: ['杭州西湖贸易有限公司第98分公司', '赵敏', 'xyz'], reason: 'unknown_type' },
  // shaped like a 身份证 (the sandbox's invented one): refused, never echoed
  { row: 40, cells: ['11010519491231002X', '李娜', ''], reason: 'keyword_is_personal_id' },
];

/**
 * `total` data rows: `total - BAD_ROWS.length` sandbox subjects, every fourth asking 失信 alone, and the
 * bad rows at their row numbers. Returns the CSV and the good rows as written.
 */
export function sandboxBatchCsv(total = 50): { csv: string; rows: BatchFileRow[] } {
  const subjects = sandboxWatchSubjects(total - BAD_ROWS.length);
  const rows: BatchFileRow[] = [];
  const lines = ['keyword,realname,type'];
  let next = 0;
  for (let row = 2; row <= total + 1; row += 1) {
    const bad = BAD_ROWS.find((candidate) => candidate.row === row);
    if (bad) {
      lines.push(bad.cells.join(','));
      continue;
    }
    const subject = subjects[next] as { keyword: string; realname: string };
    const type = next % 4 === 3 ? '失信' : '';
    next += 1;
    rows.push({ row, ...subject, type });
    lines.push([subject.keyword, subject.realname, type].join(','));
  }
  return { csv: `${lines.join('\n')}\n`, rows };
}

/** A CSV of `count` good rows: for the row limit. */
export function manyRowsCsv(count: number): string {
  const lines = ['keyword,realname', ...sandboxWatchSubjects(count).map((s) => `${s.keyword},${s.realname}`)];
  return `${lines.join('\n')}\n`;
}
