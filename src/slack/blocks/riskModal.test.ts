import type { InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { checkView as modalLimitViolations } from '../../local/fake-slack/blockLimits.js';
import { riskQueryModal } from './riskModal.js';

function inputs(blocks: readonly { type: string }[]): InputBlock[] {
  return blocks.filter((block): block is InputBlock => block.type === 'input');
}

describe('riskQueryModal', () => {
  it('asks for keyword, name and source, defaulting to all three', () => {
    const modal = riskQueryModal({ locale: 'en', privateMetadata: '{"c":"C1"}' });
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: 'risk_query',
      private_metadata: '{"c":"C1"}',
      title: { type: 'plain_text', text: 'Risk check' },
      submit: { type: 'plain_text', text: 'Check' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    const [keyword, realname, type] = inputs(modal.blocks);
    expect(keyword).toEqual({
      type: 'input',
      block_id: 'keyword',
      label: { type: 'plain_text', text: 'Company' },
      hint: { type: 'plain_text', text: 'Company name, registration number, 统一社会信用代码 or KeyNo.' },
      element: {
        type: 'plain_text_input',
        action_id: 'keyword_input',
        placeholder: { type: 'plain_text', text: 'e.g. 江苏德洲实业有限公司' },
        max_length: 200,
      },
    });
    expect(realname?.block_id).toBe('realname');
    expect(realname?.element).toMatchObject({ action_id: 'realname_input', max_length: 60 });
    expect(type).toEqual({
      type: 'input',
      block_id: 'type',
      label: { type: 'plain_text', text: 'Source' },
      element: {
        type: 'static_select',
        action_id: 'type_select',
        options: [
          { text: { type: 'plain_text', text: 'All three sources (overview)' }, value: 'all' },
          { text: { type: 'plain_text', text: 'Dishonest debtor (失信)' }, value: '1' },
          { text: { type: 'plain_text', text: 'Enforcement target (被执行)' }, value: '2' },
          { text: { type: 'plain_text', text: 'Consumption ban (限制消费)' }, value: '3' },
        ],
        initial_option: { text: { type: 'plain_text', text: 'All three sources (overview)' }, value: 'all' },
      },
    });
    expect(modalLimitViolations(modal)).toEqual([]);
  });

  it('prefills from the message shortcut, cut to the input limits', () => {
    const modal = riskQueryModal({
      locale: 'zh-CN',
      initial: { keyword: `${'公'.repeat(199)}😀`, realname: '张德洲', scope: 3 },
      privateMetadata: '',
    });
    const [keyword, realname, type] = inputs(modal.blocks);
    expect(keyword?.element).toMatchObject({ initial_value: '公'.repeat(199) });
    expect(realname?.element).toMatchObject({ initial_value: '张德洲' });
    expect(type?.element).toMatchObject({
      initial_option: { text: { type: 'plain_text', text: '限制消费令' }, value: '3' },
    });
    expect(modal.title).toEqual({ type: 'plain_text', text: '风险核查' });
    expect(modalLimitViolations(modal)).toEqual([]);
  });
});
