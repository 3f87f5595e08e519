import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import type { FakeFile } from '../../src/local/fake-slack/store.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf, waitUntil } from './harness.js';

/**
 * The auditors' export through the real receiver: an analyst screens someone with /risk and /finance,
 * the auditor runs /risk audit and finds a CSV and an XLSX of those queries, decrypted, in their DM with
 * the app; anyone else is refused, and the refusal is itself in the trail.
 */

const AUDITOR = 'U0AUDITOR';
const AUDITOR_DM = `D${AUDITOR}`;
const FINANCE = { realname: '张三', idcard: '11010519491231002X', mobile: '13812345678' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    auditorUserIds: [AUDITOR],
    extraUsers: [{ id: AUDITOR, name: 'audrey.auditor', realName: 'Audrey Auditor' }],
  });
});
afterAll(async () => {
  // the files carry personal data to the auditor on purpose; no message, call argument or ack does
  expect(personalDataSentToSlack(h)).toEqual([]);
  const logs = h.logLines.join('\n');
  for (const value of [FINANCE.idcard, FINANCE.mobile, FINANCE.realname, '张德洲'])
    expect(logs).not.toContain(value);
  await h.close();
});

function financeForm() {
  const text = (block: string, value: string) => ({
    [block]: { [`${block}_input`]: { type: 'plain_text_input', value } },
  });
  return {
    ...text('realname', FINANCE.realname),
    ...text('idcard', FINANCE.idcard),
    ...text('mobile', FINANCE.mobile),
    ...text('purpose', 'Loan application KYC'),
    consent: {
      consent_checkbox: {
        type: 'checkboxes',
        selected_options: [{ value: 'attested', text: { type: 'plain_text', text: 'I attest' } }],
      },
    },
  };
}

const trail = () => h.app.services.record.trail;

async function finishedQueries(requester: string, count: number): Promise<AuditedQueryRow[]> {
  let rows: AuditedQueryRow[] = [];
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    rows = (await trail().queries({ requester })).filter((row) => row.finished !== null);
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`only ${rows.length} finished queries by ${requester}`);
}

function csvRecords(file: FakeFile): string[][] {
  const text = file.bytes?.toString('utf8') ?? '';
  expect(text.startsWith('\uFEFF')).toBe(true);
  // no field in these rows holds a comma, quote or line break: a plain split reads them
  return text
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

describe('/risk audit', () => {
  it('the analyst screens; the auditor receives both queries decrypted, as CSV and XLSX, in the DM', async () => {
    const risk = await h.slash('/risk', '江苏 张德洲 1');
    expect(risk.status).toBe(200);
    const financeAck = await h.slash('/finance', '');
    expect(financeAck.body).toBe('');
    const modal = await h.waitForView(IDS.analyst, 'finance_query');
    await h.submitView(modal, financeForm());
    await finishedQueries(IDS.analyst, 2);

    const ack = await h.slash('/risk', 'audit', { user: AUDITOR });
    expect(ack.ackMessage?.response_type).toBe('ephemeral');
    expect(ack.ackMessage?.text).toMatch(
      /^:hourglass_flowing_sand: Preparing your audit export \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)…$/,
    );

    const files = await waitUntil(() => {
      const shared = h.fake.filesIn(AUDITOR_DM);
      return shared.length === 2 ? shared : undefined;
    }, 10_000);
    expect(files.map((file) => file.name)).toEqual([
      expect.stringMatching(/^juhe-audit_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/),
      expect.stringMatching(/^juhe-audit_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/),
    ]);
    const [message] = h.fake.messagesIn(AUDITOR_DM);
    expect(message?.text).toMatch(/^Audit export, .*: 2 queries\. Personal data in clear: do not forward\.$/);
    expect(message?.files?.map((file) => file.name)).toEqual(files.map((file) => file.name));

    const [csvFile, xlsxFile] = files as [FakeFile, FakeFile];
    const [header, ...rows] = csvRecords(csvFile);
    const column = (name: string) => (header ?? []).indexOf(name);
    expect(rows).toHaveLength(2);
    const byApi = Object.fromEntries(rows.map((row) => [row[column('api')], row]));
    expect(byApi.risk?.[column('requester')]).toBe(IDS.analyst);
    expect(byApi.risk?.[column('subject keyword')]).toBe('江苏');
    expect(byApi.risk?.[column('subject name')]).toBe('张德洲');
    expect(byApi.risk?.[column('outcome')]).toBe('0');
    expect(byApi.finance?.[column('requester')]).toBe(IDS.analyst);
    expect(byApi.finance?.[column('subject 身份证')]).toBe(FINANCE.idcard);
    expect(byApi.finance?.[column('subject mobile')]).toBe(FINANCE.mobile);
    expect(byApi.finance?.[column('subject name')]).toBe(FINANCE.realname);
    expect(byApi.finance?.[column('purpose')]).toBe('Loan application KYC');
    expect(byApi.finance?.[column('consent')]).toBe('true');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxFile.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(3);
    const cells = [2, 3].flatMap((index) => (sheet.getRow(index).values as unknown[]).slice(1));
    expect(cells).toEqual(expect.arrayContaining([FINANCE.idcard, FINANCE.mobile, IDS.analyst, '张德洲']));

    // the confirmation arrives privately where the command was run, naming the files but no subject
    const confirmation = await h.fake.waitFor(
      (call) => call.method === 'response_url' && JSON.stringify(call.args).includes('is in your DM'),
      5000,
    );
    expect(textOf(confirmation.args.blocks)).toContain(csvFile.name);

    // the export is itself a row of the trail
    const [exported] = await finishedQueries(AUDITOR, 1);
    expect(exported?.started).toMatchObject({ api: 'audit_export', requester: AUDITOR, surface: 'command' });
    expect(exported?.finished).toMatchObject({
      outcome: 'exported',
      recordCounts: { rows: 2 },
      billed: false,
    });
    expect(exported?.subject).toBeNull();
  });

  it('anyone else is refused — auditors only, ask for AUDITOR_USER_IDS — and the refusal is audited', async () => {
    const ack = await h.slash('/risk', 'audit 2026-11-01 2026-11-30');
    expect(ack.ackMessage?.text).toBe(
      'Sorry, only auditors may export the audit trail (`/risk audit`). Ask a Slack admin to add your member ID to AUDITOR_USER_IDS.',
    );
    const rows = await finishedQueries(IDS.analyst, 3);
    const refusal = rows.find((row) => row.started.api === 'audit_export');
    expect(refusal?.started).toMatchObject({
      requester: IDS.analyst,
      surface: 'command',
      api: 'audit_export',
    });
    expect(refusal?.finished).toMatchObject({ outcome: 'refused', billed: false });
    expect(h.fake.filesIn(`D${IDS.analyst}`)).toEqual([]);
    expect(h.fake.filesIn(IDS.analystDm)).toEqual([]);
  });

  it('no matching query: said clearly, no empty file; a bad date: what was wrong and how to fix it', async () => {
    const before = h.fake.filesIn(AUDITOR_DM).length;
    await h.slash('/risk', 'audit 2020-01-01 2020-01-31', { user: AUDITOR });
    const empty = await h.fake.waitFor(
      (call) => call.method === 'response_url' && JSON.stringify(call.args).includes('nothing to export'),
      5000,
    );
    expect(empty.args.text).toBe(
      'No queries were recorded for 2020-01-01 to 2020-01-31, so there is nothing to export and no file was made.',
    );
    expect(h.fake.filesIn(AUDITOR_DM)).toHaveLength(before);

    const invalid = await h.slash('/risk', 'audit 2026-02-30', { user: AUDITOR });
    expect(invalid.ackMessage?.text).toBe(
      '2026-02-30 is not a day on the calendar. Write each date as YYYY-MM-DD, the start first: `/risk audit 2026-11-01 2026-11-30`.',
    );
    const help = await h.slash('/risk', 'help', { user: AUDITOR });
    expect(textOf(help.ackMessage?.blocks)).toContain('/risk audit [from] [to] [member]');
    const analystHelp = await h.slash('/risk', 'help');
    expect(textOf(analystHelp.ackMessage?.blocks)).not.toContain('/risk audit');
  });
});
