import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../batch/batchSummary.js';
import { checkMessage, checkView } from '../../local/fake-slack/blockLimits.js';
import {
  batchPreviewMessage,
  batchProgressMessage,
  batchSummaryMessage,
  durationText,
  etaText,
  PREVIEW_REJECTED_LISTED,
  progressBar,
  riskBatchModal,
} from './batchMessages.js';

const BATCH_ID = '5f61d306-e07b-4b51-924d-4d7742a23a2f';

function texts(message: { blocks: unknown[] }): string[] {
  return message.blocks.map((block) => {
    const b = block as { text?: { text: string }; elements?: Array<{ text?: string | { text: string } }> };
    if (b.text) return b.text.text;
    return (b.elements ?? [])
      .map((element) => (typeof element.text === 'string' ? element.text : (element.text?.text ?? '')))
      .join(' | ');
  });
}

describe('the progress bar and text', () => {
  it('20 cells, filled rounded down, full only when all are done', () => {
    expect(progressBar(0, 500)).toBe('░░░░░░░░░░░░░░░░░░░░');
    expect(progressBar(120, 500)).toBe('████░░░░░░░░░░░░░░░░');
    expect(progressBar(499, 500)).toBe('███████████████████░');
    expect(progressBar(500, 500)).toBe('████████████████████');
    expect(progressBar(0, 0)).toBe('████████████████████');
  });

  it('durations and the time left', () => {
    expect(durationText('en', 12_400)).toBe('12 s');
    expect(durationText('en', 150_000)).toBe('3 min');
    expect(durationText('en', 2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(durationText('zh-CN', 12_400)).toBe('12 秒');
    expect(etaText('en', null)).toBe('estimating the time left…');
    expect(etaText('en', 59_000)).toBe('less than a minute left');
    expect(etaText('zh-CN', 59_000)).toBe('剩余不到一分钟');
    expect(etaText('en', 61_000)).toBe('about 2 min left');
    expect(etaText('zh-CN', 61_000)).toBe('约剩 2 分钟');
  });

  it('the message: header, `bar` 120 / 500, hits so far, failures, time left, and Cancel — exactly', () => {
    const message = batchProgressMessage({
      locale: 'en',
      batchId: BATCH_ID,
      fileName: 'counterparties.csv',
      done: 120,
      total: 500,
      hits: 37,
      failed: 2,
      etaMs: 185_000,
    });
    expect(message.carriesJuheData).toBe(true);
    expect(message.text).toBe('Screening: counterparties.csv: 120 / 500');
    expect(texts(message)).toEqual([
      'Screening: counterparties.csv',
      '`████░░░░░░░░░░░░░░░░` 120 / 500',
      '37 with records so far · 2 failed · about 4 min left',
      'Cancel',
    ]);
    expect(message.blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: 'batch_actions',
      elements: [
        {
          type: 'button',
          action_id: 'batch_cancel',
          text: { type: 'plain_text', text: 'Cancel' },
          value: BATCH_ID,
        },
      ],
    });
    expect(checkMessage(message)).toEqual([]);
  });
});

describe('the preview', () => {
  const rejected = Array.from({ length: 25 }, (_unused, index) => ({
    row: index + 2,
    reason: 'realname_missing',
  }));

  it('counts, the cost, the first rejected rows named and the rest counted, Start and Cancel', () => {
    const message = batchPreviewMessage({
      locale: 'en',
      batchId: BATCH_ID,
      fileName: 'list.csv',
      purpose: 'Annual review',
      accepted: 47,
      rejected,
      costCalls: 119,
    });
    const shown = texts(message);
    expect(shown.slice(0, 4)).toEqual([
      'Batch screening: list.csv',
      'Rows to screen: *47* · rows rejected: *25*',
      'Cost: *119* Juhe calls — one per source in each row’s scope. Juhe bills only the calls that find records: at most 119.',
      'Purpose: Annual review',
    ]);
    const listed = shown[4]?.split('\n') ?? [];
    expect(listed[0]).toBe('*Rejected rows* (not screened, not billed):');
    expect(listed[1]).toBe("Row 2: The person's name is missing.");
    expect(listed).toHaveLength(PREVIEW_REJECTED_LISTED + 2);
    expect(listed.at(-1)).toBe('…and 5 more rejected rows; the results file lists them all.');
    expect(message.text).toBe('Batch screening: list.csv · Rows to screen: 47 · rows rejected: 25');
    expect(checkMessage(message)).toEqual([]);
  });

  it('a file with no row to screen has no Start', () => {
    const message = batchPreviewMessage({
      locale: 'zh-CN',
      batchId: BATCH_ID,
      fileName: 'list.csv',
      purpose: 'Annual review',
      accepted: 0,
      rejected: rejected.slice(0, 2),
      costCalls: 0,
    });
    expect(JSON.stringify(message.blocks)).not.toContain('batch_start');
    expect(texts(message)).toContain('没有可以筛查的行。请修正后重新运行 `/risk batch`。');
  });
});

describe('the summary', () => {
  const summary: BatchSummary = {
    accepted: 47,
    done: 45,
    failed: 2,
    notScreened: 0,
    rejected: 3,
    withRecords: [
      { type: 1, subjects: 18 },
      { type: 2, subjects: 9 },
      { type: 3, subjects: 9 },
    ],
    withAnyRecord: 23,
  };

  it('subjects with records per source, rows failed and rejected, the time taken, not a clearance', () => {
    const message = batchSummaryMessage({
      locale: 'en',
      fileName: 'list.csv',
      status: 'done',
      stopReason: null,
      summary,
      tookMs: 83_000,
      fileUploaded: true,
    });
    expect(texts(message)).toEqual([
      'Batch done: list.csv',
      [
        '47 of 47 rows screened in 1 min.',
        'Subjects with records — 失信: *18* · 被执行: *9* · 限制消费: *9* · in any source: *23*',
        'Rows failed: *2* (the file gives each error).',
        'Rows rejected: *3*.',
      ].join('\n'),
      'Every row’s outcome is in the XLSX in this thread.',
      'Not a clearance: a row without records has none in these sources on Juhe today, and clears nobody.',
    ]);
    expect(message.text).toBe('Batch done: list.csv: 47 / 47');
  });

  it('cancelled or stopped: says so, and how many rows were not screened', () => {
    const cancelled = batchSummaryMessage({
      locale: 'en',
      fileName: 'list.csv',
      status: 'stopped',
      stopReason: 'quota',
      summary: { ...summary, done: 10, failed: 0, notScreened: 37 },
      tookMs: 5_000,
      fileUploaded: true,
    });
    expect(texts(cancelled)[0]).toBe('Batch stopped: list.csv');
    expect(texts(cancelled)[1]?.split('\n').slice(0, 3)).toEqual([
      '10 of 47 rows screened in 5 s.',
      'Juhe’s query limit was reached; the rows not screened were not billed.',
      'Rows not screened: 37 (marked so in the file).',
    ]);
  });
});

describe('the risk_batch modal', () => {
  it('a file_input for one CSV or XLSX, the purpose, the limit; a problem on top after a refused file', () => {
    const modal = riskBatchModal({
      locale: 'en',
      maxRows: 500,
      problem: 'It has no rows to screen.',
      purpose: 'Review',
    });
    expect(modal.callback_id).toBe('risk_batch');
    expect(modal.blocks.find((block) => block.block_id === 'file')).toEqual({
      type: 'input',
      block_id: 'file',
      label: { type: 'plain_text', text: 'File (CSV or XLSX)' },
      element: { type: 'file_input', action_id: 'file_input', filetypes: ['csv', 'xlsx'], max_files: 1 },
    });
    expect(JSON.stringify(modal)).toContain('At most 500 rows');
    expect(JSON.stringify(modal.blocks[0])).toContain('It has no rows to screen.');
    expect(JSON.stringify(modal)).toContain('"initial_value":"Review"');
    expect(checkView(modal)).toEqual([]);
  });
});
