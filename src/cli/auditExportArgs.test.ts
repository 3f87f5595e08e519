import { describe, expect, it } from 'vitest';
import { parseAuditExportArgs } from './auditExportArgs.js';

const TODAY = '2026-12-15';

function run(argv: string[]) {
  const parsed = parseAuditExportArgs(argv, TODAY);
  if (parsed.kind !== 'run') throw new Error(JSON.stringify(parsed));
  const { from, to, days } = parsed.options.request.period;
  return { from, to, days, requester: parsed.options.request.requester, ...parsed.options };
}

describe('parseAuditExportArgs', () => {
  it('reads the days, the requester, the directory and the formats', () => {
    expect(
      run([
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-30',
        '--user',
        'U0ANALYST',
        '--out',
        'exports',
        '--format',
        'csv',
      ]),
    ).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      days: 30,
      requester: 'U0ANALYST',
      outDir: 'exports',
      formats: ['csv'],
    });
    expect(run(['--from=2026-12-01'])).toMatchObject({
      from: '2026-12-01',
      to: TODAY,
      formats: ['csv', 'xlsx'],
      outDir: '.',
    });
    expect(run([])).toMatchObject({ from: '2026-11-16', to: TODAY, days: 30 });
    expect(run(['--user', 'cli:ops'])).toMatchObject({ requester: 'cli:ops' });
    expect(parseAuditExportArgs(['-h'], TODAY)).toEqual({ kind: 'help' });
  });

  it.each([
    [['--from', '2026/11/01'], '--from "2026/11/01" is not a date: write it as YYYY-MM-DD'],
    [['--to', '2026-02-30'], '--to 2026-02-30 is not a day on the calendar'],
    [
      ['--from', '2026-12-01', '--to', '2026-11-30'],
      '--from 2026-12-01 is after --to 2026-11-30: put the earlier day first',
    ],
    [
      ['--from', '2025-01-01', '--to', '2026-01-02'],
      '2025-01-01 to 2026-01-02 is 367 days; one export covers at most 366: export a shorter period',
    ],
    [
      ['--user', '@ana'],
      '--user "@ana" is not a member ID (like U0123ABCD, from the profile\'s ⋯ → Copy member ID)',
    ],
    [['--format', 'pdf'], '--format must be csv, xlsx or both, not "pdf"'],
  ])('%j → %s', (argv, problem) => {
    expect(parseAuditExportArgs(argv, TODAY)).toEqual({ kind: 'invalid', problem });
  });

  it('refuses unknown options and stray words with node’s own message', () => {
    const unknown = parseAuditExportArgs(['--since', '2026-11-01'], TODAY);
    expect(unknown.kind === 'invalid' && unknown.problem).toMatch(/Unknown option '--since'/);
    const stray = parseAuditExportArgs(['2026-11-01'], TODAY);
    expect(stray.kind).toBe('invalid');
  });
});
