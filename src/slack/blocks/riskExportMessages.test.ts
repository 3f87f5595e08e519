import { describe, expect, it } from 'vitest';
import { checkMessage } from '../../local/fake-slack/blockLimits.js';
import type { RiskExport, RiskExportCost } from '../../screening/riskExport.js';
import { decodeExportTarget, type ExportConfirmation, type ExportTarget } from '../exportTarget.js';
import { ACTION_IDS } from '../ids.js';
import { exportConfirmMessage, exportFileComment } from './riskExportMessages.js';

const TARGET: ExportTarget = {
  keyword: '江苏',
  realname: '张德洲',
  scope: 'all',
  counts: { '1': 31, '2': 7, '3': 3 },
  destination: { kind: 'dm' },
};

const CONFIRMATION: ExportConfirmation = {
  exportId: '0b6c1d1e-0000-4000-8000-000000000001',
  billedCalls: 3,
  issuedAt: new Date('2025-06-06T06:45:30.000Z'),
};

const COST: RiskExportCost = {
  sources: [
    { type: 1, pages: 4, billed: 3, exact: true },
    { type: 2, pages: 1, billed: 0, exact: true },
    { type: 3, pages: 1, billed: 0, exact: true },
  ],
  billedCalls: 3,
  exact: true,
};

const EXPORTED: RiskExport = {
  billedCalls: 3,
  sources: [
    { type: 1, pages: [], totalRecords: 31, noRecords: false, truncated: false },
    { type: 3, pages: [], totalRecords: 0, noRecords: true, truncated: false },
  ],
};

function textOf(message: { blocks: unknown[] }): string {
  return JSON.stringify(message.blocks);
}

function confirmValue(message: ReturnType<typeof exportConfirmMessage>): string {
  const actions = message.blocks.find((block) => block.type === 'actions') as {
    elements: Array<{ action_id: string; value: string }>;
  };
  return actions.elements.find((element) => element.action_id === ACTION_IDS.exportConfirm)?.value ?? '';
}

describe('exportConfirmMessage', () => {
  it("carries the confirmation's id and billed calls in Export's value", () => {
    const message = exportConfirmMessage('en', TARGET, COST, CONFIRMATION);
    expect(decodeExportTarget(confirmValue(message))).toEqual({ ...TARGET, confirmation: CONFIRMATION });
    expect(checkMessage(message)).toEqual([]);
  });

  it('says "at least" when the cost is a lower bound, in the text and the fallback', () => {
    const message = exportConfirmMessage(
      'en',
      TARGET,
      { ...COST, billedCalls: 1, exact: false },
      CONFIRMATION,
    );
    expect(textOf(message)).toContain('reads at least 6 pages and costs *at least 1 billed Juhe calls*');
    expect(message.text).toBe('Export 张*洲 (江苏): at least 1 billed Juhe calls. Export or cancel?');
  });

  it('asked again: says what was confirmed before the cost now', () => {
    const message = exportConfirmMessage('en', TARGET, COST, CONFIRMATION, { exceeded: 1 });
    expect(textOf(message)).toContain('needs more than the 1 billed Juhe calls you confirmed');
    expect(textOf(message)).toContain('reads 6 pages and costs *3 billed Juhe calls*');
  });

  it('zh-CN', () => {
    const message = exportConfirmMessage('zh-CN', TARGET, COST, CONFIRMATION);
    expect(message.text).toBe('导出张*洲（江苏）：计费 3 次聚合数据调用。导出还是取消？');
    expect(textOf(message)).toContain(
      '导出张*洲 · 江苏 · 全部来源的全部记录需读取 6 页，计费的聚合数据调用：*3 次*。',
    );
    const atLeast = exportConfirmMessage('zh-CN', TARGET, { ...COST, exact: false }, CONFIRMATION, {
      exceeded: 1,
    });
    expect(textOf(atLeast)).toContain('需读取至少 6 页，计费的聚合数据调用：*至少 3 次*');
    expect(textOf(atLeast)).toContain('超过您确认的 1 次');
    expect(atLeast.text).toBe('导出张*洲（江苏）：计费至少 3 次聚合数据调用。导出还是取消？');
  });
});

describe('exportFileComment', () => {
  it('names the subject and counts, and that an empty source is not a clearance', () => {
    expect(exportFileComment('en', TARGET, EXPORTED, 31, { sandbox: false })).toBe(
      'Export of 张*洲 · 江苏 · all three sources: 31 records (失信: 31 records · 限制消费: No records in this source). A source without records is not a clearance: Juhe found nothing for this name and keyword there, which does not show the person has no record.',
    );
  });

  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://evil|x>', '&lt;https://evil|x&gt;'],
    ['A&B', 'A&amp;B'],
  ])('escapes the keyword %j: it can neither mention nor link', (keyword, escaped) => {
    const comment = exportFileComment('en', { ...TARGET, keyword }, EXPORTED, 31, { sandbox: false });
    expect(comment).toContain(`张*洲 · ${escaped} · all three sources`);
    expect(comment).not.toContain('<');
  });

  it('on the sandbox, starts with the marker (files bypass the presenter)', () => {
    const comment = exportFileComment('en', TARGET, EXPORTED, 31, { sandbox: true });
    expect(comment.split('\n')).toEqual([
      ':test_tube: Sandbox data — not real Juhe results',
      exportFileComment('en', TARGET, EXPORTED, 31, { sandbox: false }),
    ]);
  });

  it('zh-CN', () => {
    expect(exportFileComment('zh-CN', TARGET, EXPORTED, 31, { sandbox: true })).toBe(
      ':test_tube: 沙盒数据，并非聚合数据的真实结果\n张*洲 · 江苏 · 全部来源的导出：31 条记录（失信：31 条记录 · 限制消费：该来源无记录）。来源无记录并不代表核查通过：聚合数据在该来源中未找到此姓名与关键词的记录，不能说明此人没有记录。',
    );
  });
});
