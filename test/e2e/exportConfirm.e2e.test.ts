import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import type { RiskExportCost } from '../../src/screening/riskExport.js';
import { exportButton, exportConfirmMessage } from '../../src/slack/blocks/riskExportMessages.js';
import type { ExportTarget } from '../../src/slack/exportTarget.js';
import { ACTION_IDS, EXPORT_ACTIONS_BLOCK_ID } from '../../src/slack/ids.js';
import type { SlackMessage } from '../../src/slack/message.js';
import {
  actionIdsOf,
  type Harness,
  IDS,
  personalDataSentToSlack,
  startHarness,
  textOf,
  waitUntil,
} from './harness.js';

/**
 * What an export may bill, and how often it runs, through the real receiver: a cost known only as a
 * lower bound is confirmed and never exceeded (asked again, now exact); a confirmation is costed again
 * when clicked; a double click runs one export; files that cannot be shared leave an audit that says
 * what Juhe billed. The buttons are the app's own (presented, so tagged), on private messages the test
 * places, standing for a result whose counts were not known or a confirmation shown a while ago.
 */

const ANALYST_DM = 'D0ANALYST';
/** 黄志强: 25 被执行 records, three pages; the sandbox matches the name, so each test has its own keyword */
const HUANG = '黄志强';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowedUserIds: [IDS.analyst] });
});
afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
});
beforeEach(() => {
  h.sandbox.resetRequests();
});

const juheCalls = () => h.sandbox.requestCount('/personRisk/query');
const pagesAsked = () => h.sandbox.requests.map((request) => request.params.pageIndex);
const ephemerals = () => h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel);
const isExporting = (message: FakeMessage) => message.text.startsWith('Exporting ');

/** A private message of the app's own in the general channel, its buttons tagged as the app tags them. */
function placePrivately(message: SlackMessage): FakeMessage {
  const shown = h.app.services.present.message(message);
  return h.fake.store.addMessage({
    channel: IDS.generalChannel,
    user: 'UBOT',
    botId: 'BBOT',
    text: shown.text,
    blocks: shown.blocks,
    ephemeralFor: IDS.analyst,
    via: 'test',
  });
}

/** The Export button of a private result (no thread: the files go to the DM). */
function privateResult(target: ExportTarget): FakeMessage {
  const actions: KnownBlock = {
    type: 'actions',
    block_id: EXPORT_ACTIONS_BLOCK_ID,
    elements: [exportButton('en', target)],
  };
  return placePrivately({ text: 'a result', blocks: [actions] });
}

/** A confirmation of a private result's export, as the flow shows it: it carries where the files go. */
function confirmation(
  target: ExportTarget,
  cost: RiskExportCost,
  billedCalls: number,
  issuedAt = new Date(),
): FakeMessage {
  return placePrivately(
    exportConfirmMessage('en', { ...target, destination: { kind: 'dm' } }, cost, {
      exportId: crypto.randomUUID(),
      billedCalls,
      issuedAt,
    }),
  );
}

/** The message at `ts` once it says `text`: replaced in place by the flow. */
function replacedWith(ts: string, text: string): Promise<FakeMessage> {
  return h.waitForMessage(() => {
    const same = ephemerals().find((message) => message.ts === ts);
    return same && textOf(same.blocks).includes(text) ? same : undefined;
  }, 10_000);
}

async function exportAudits(keyword: string): Promise<AuditedQueryRow[]> {
  const rows = await h.app.services.record.trail.queries({ requester: IDS.analyst });
  return rows.filter((row) => row.started.api === 'export' && row.subject?.keyword === keyword);
}

function waitForAudits(keyword: string, count: number): Promise<AuditedQueryRow[]> {
  return waitUntil(async () => {
    const rows = (await exportAudits(keyword)).filter((row) => row.finished !== null);
    return rows.length >= count ? rows : undefined;
  }, 10_000);
}

const filesInDm = () => h.fake.filesIn(ANALYST_DM).length;

describe('A source of unknown size', () => {
  it('is confirmed as "at least"; past page 1 it asks again with the exact cost instead of billing', async () => {
    const keyword = '广州天河投资有限公司';
    const filesBefore = filesInDm();
    // the result's counts are not known (nor is page 1 stored): one call, as a lower bound
    const result = privateResult({ keyword, realname: HUANG, scope: 2, counts: {} });
    const before = ephemerals().length;
    await h.clickButton(result, ACTION_IDS.export);
    const confirm = await h.waitForMessage(() =>
      ephemerals()
        .slice(before)
        .find((message) => actionIdsOf(message).includes(ACTION_IDS.exportConfirm)),
    );
    expect(textOf(confirm.blocks)).toContain(
      'reads at least 1 pages and costs *at least 1 billed Juhe calls*',
    );
    expect(juheCalls()).toBe(0);

    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const again = await replacedWith(confirm.ts, 'needs more than the 1 billed Juhe calls you confirmed');
    expect(textOf(again.blocks)).toContain('reads 3 pages and costs *2 billed Juhe calls*');
    expect(actionIdsOf(again)).toEqual([ACTION_IDS.exportConfirm, ACTION_IDS.exportCancel]);
    expect(pagesAsked()).toEqual(['1']);
    expect(filesInDm()).toBe(filesBefore);
    const [stopped] = await waitForAudits(keyword, 1);
    expect(stopped?.finished).toMatchObject({ outcome: 'needs_confirmation', billed: true, billedCalls: 1 });

    await h.clickButton(again, ACTION_IDS.exportConfirm);
    await waitUntil(() => (filesInDm() === filesBefore + 2 ? true : undefined), 10_000);
    await replacedWith(confirm.ts, 'Exported 25 records');
    expect(pagesAsked()).toEqual(['1', '2', '3']);
    const rows = await waitForAudits(keyword, 2);
    expect(rows.at(-1)?.finished).toMatchObject({ outcome: 'exported', billed: true, billedCalls: 2 });
    expect(ephemerals().filter(isExporting)).toEqual([]);
  });
});

describe('A confirmation clicked after the cost went up', () => {
  it('is costed again and asked again; nothing is fetched past what it confirmed', async () => {
    const keyword = '江苏';
    const target: ExportTarget = { keyword, realname: '张德洲', scope: 1, counts: { '1': 31 } };
    // shown when 2 calls were enough; none of the 4 pages is stored now
    const cost: RiskExportCost = {
      sources: [{ type: 1, pages: 4, billed: 2, exact: true }],
      billedCalls: 2,
      exact: true,
    };
    const confirm = confirmation(target, cost, 2);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const again = await replacedWith(confirm.ts, 'needs more than the 2 billed Juhe calls you confirmed');
    expect(textOf(again.blocks)).toContain('reads 4 pages and costs *4 billed Juhe calls*');
    expect(juheCalls()).toBe(0);
    expect(await exportAudits(keyword)).toEqual([]);
  });
});

describe('A confirmation older than its claim is kept', () => {
  it('is asked again, not run: its id may no longer be remembered as claimed', async () => {
    const keyword = '广州天河投资有限公司第五分公司';
    const target: ExportTarget = { keyword, realname: HUANG, scope: 2, counts: { '2': 25 } };
    const cost: RiskExportCost = {
      sources: [{ type: 2, pages: 3, billed: 3, exact: true }],
      billedCalls: 3,
      exact: true,
    };
    const confirm = confirmation(target, cost, 3, new Date(Date.now() - 2 * 3_600_000));
    const firstValue = JSON.stringify(confirm.blocks);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const again = await h.waitForMessage(() => {
      const same = ephemerals().find((message) => message.ts === confirm.ts);
      return same && JSON.stringify(same.blocks) !== firstValue ? same : undefined;
    }, 10_000);
    expect(textOf(again.blocks)).toContain('reads 3 pages and costs *3 billed Juhe calls*');
    expect(actionIdsOf(again)).toEqual([ACTION_IDS.exportConfirm, ACTION_IDS.exportCancel]);
    expect(juheCalls()).toBe(0);
    expect(await exportAudits(keyword)).toEqual([]);
  });
});

describe('A double click on a confirmation', () => {
  it('runs one export: one file set, one audit, Juhe asked once a page; the other click is told', async () => {
    const keyword = '广州天河投资有限公司第三分公司';
    const target: ExportTarget = { keyword, realname: HUANG, scope: 2, counts: { '2': 25 } };
    const cost: RiskExportCost = {
      sources: [{ type: 2, pages: 3, billed: 3, exact: true }],
      billedCalls: 3,
      exact: true,
    };
    const filesBefore = filesInDm();
    const confirm = confirmation(target, cost, 3);
    const before = ephemerals().length;
    await Promise.all([
      h.clickButton(confirm, ACTION_IDS.exportConfirm),
      h.clickButton(confirm, ACTION_IDS.exportConfirm),
    ]);
    const claimed = await h.waitForMessage(
      () =>
        ephemerals()
          .slice(before)
          .find((message) => message.text.includes('already running or done')),
      10_000,
    );
    expect(claimed.ts).not.toBe(confirm.ts);
    await replacedWith(confirm.ts, 'Exported 25 records');
    expect(filesInDm()).toBe(filesBefore + 2);
    expect(juheCalls()).toBe(3);
    const rows = await waitForAudits(keyword, 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.finished).toMatchObject({ outcome: 'exported', billedCalls: 3 });
  });
});

describe('Files that cannot be shared after Juhe billed', () => {
  it('audit the export as unexpected with the calls billed, and replace "Exporting…" with the failure', async () => {
    const keyword = '广州天河投资有限公司第四分公司';
    const target: ExportTarget = { keyword, realname: HUANG, scope: 2, counts: { '2': 25 } };
    const cost: RiskExportCost = {
      sources: [{ type: 2, pages: 3, billed: 3, exact: true }],
      billedCalls: 3,
      exact: true,
    };
    const filesBefore = filesInDm();
    // files.uploadV2 fails: the client's two retries too
    h.fake.failNext('files.completeUploadExternal', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const confirm = confirmation(target, cost, 3);
    await h.clickButton(confirm, ACTION_IDS.exportConfirm);
    const failed = await replacedWith(confirm.ts, 'Something went wrong');
    expect(isExporting(failed)).toBe(false);
    expect(juheCalls()).toBe(3);
    expect(filesInDm()).toBe(filesBefore);
    const [row] = await waitForAudits(keyword, 1);
    expect(row?.finished).toMatchObject({ outcome: 'unexpected', billed: true, billedCalls: 3 });
    expect(row?.finished?.orderIds).toHaveLength(3);
  });
});
