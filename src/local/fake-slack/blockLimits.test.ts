import { describe, expect, it } from 'vitest';
import { checkBlocks, checkMessage, checkView, checkViewErrors } from './blockLimits.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string, blockId?: string) => ({
  type: 'section',
  text: mrkdwn(text),
  ...(blockId ? { block_id: blockId } : {}),
});
const button = (overrides: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'risk_next_page',
  text: plain('Next'),
  value: 'p2',
  ...overrides,
});
const dividers = (count: number) => Array.from({ length: count }, () => ({ type: 'divider' }));
const input = (blockId: string) => ({
  type: 'input',
  block_id: blockId,
  label: plain('Keyword'),
  element: { type: 'plain_text_input', action_id: 'value' },
});
const modal = (overrides: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'risk_query',
  title: plain('Risk check'),
  submit: plain('Check'),
  close: plain('Cancel'),
  blocks: [input('keyword')],
  ...overrides,
});

describe('checkBlocks', () => {
  it('accepts a typical results message', () => {
    const blocks = [
      { type: 'header', text: plain('Results') },
      section('*3* records', 'summary'),
      { type: 'section', fields: [mrkdwn('a'), mrkdwn('b')] },
      {
        type: 'context',
        elements: [mrkdwn('page 1 of 3'), { type: 'image', image_url: 'https://x/i.png', alt_text: 'i' }],
      },
      { type: 'divider' },
      { type: 'actions', block_id: 'pager', elements: [button({ action_id: 'risk_prev_page' }), button()] },
      { type: 'image', image_url: 'https://x/i.png', alt_text: 'chart' },
      { type: 'rich_text', elements: [] },
    ];
    expect(checkBlocks(blocks, 'message')).toEqual([]);
  });

  it('rejects a non-array', () => {
    expect(checkBlocks({ type: 'divider' }, 'message')).toEqual(['blocks: must be an array']);
  });

  it('allows 50 blocks in a message and 100 in a modal, not one more', () => {
    expect(checkBlocks(dividers(50), 'message')).toEqual([]);
    expect(checkBlocks(dividers(51), 'message')).toEqual([
      'blocks: 51 blocks, more than 50 allowed in a message',
    ]);
    expect(checkBlocks(dividers(100), 'modal')).toEqual([]);
    expect(checkBlocks(dividers(101), 'modal')).toEqual([
      'blocks: 101 blocks, more than 100 allowed in a modal',
    ]);
  });

  it('limits section text to 3000 characters', () => {
    expect(checkBlocks([section('x'.repeat(3000))], 'message')).toEqual([]);
    expect(checkBlocks([section('x'.repeat(3001))], 'message')).toEqual([
      'blocks[0].text.text: 3001 characters, more than 3000',
    ]);
  });

  it('limits section fields to 10, each to 2000 characters', () => {
    const fields = (count: number, length = 5) =>
      Array.from({ length: count }, () => mrkdwn('x'.repeat(length)));
    expect(checkBlocks([{ type: 'section', fields: fields(10, 2000) }], 'message')).toEqual([]);
    expect(checkBlocks([{ type: 'section', fields: fields(11) }], 'message')).toEqual([
      'blocks[0].fields: 11 fields, more than 10',
    ]);
    expect(checkBlocks([{ type: 'section', fields: [mrkdwn('x'.repeat(2001))] }], 'message')).toEqual([
      'blocks[0].fields[0].text: 2001 characters, more than 2000',
    ]);
  });

  it('requires a section to have text or fields', () => {
    expect(checkBlocks([{ type: 'section' }], 'message')).toEqual([
      'blocks[0]: a section needs text or fields',
    ]);
  });

  it('limits header text to 150 plain_text characters', () => {
    expect(checkBlocks([{ type: 'header', text: plain('h'.repeat(150)) }], 'message')).toEqual([]);
    expect(checkBlocks([{ type: 'header', text: plain('h'.repeat(151)) }], 'message')).toEqual([
      'blocks[0].text.text: 151 characters, more than 150',
    ]);
    expect(checkBlocks([{ type: 'header', text: mrkdwn('*h*') }], 'message')).toEqual([
      'blocks[0].text.type: must be plain_text',
    ]);
  });

  it('limits context blocks to 10 elements', () => {
    const elements = (count: number) => Array.from({ length: count }, (_, index) => mrkdwn(`e${index}`));
    expect(checkBlocks([{ type: 'context', elements: elements(10) }], 'message')).toEqual([]);
    expect(checkBlocks([{ type: 'context', elements: elements(11) }], 'message')).toEqual([
      'blocks[0].elements: 11 elements, more than 10',
    ]);
  });

  it('limits button text to 75 plain_text characters and value to 2000', () => {
    const actions = (element: unknown) => [{ type: 'actions', elements: [element] }];
    expect(
      checkBlocks(actions(button({ text: plain('n'.repeat(75)), value: 'v'.repeat(2000) })), 'message'),
    ).toEqual([]);
    expect(checkBlocks(actions(button({ text: plain('n'.repeat(76)) })), 'message')).toEqual([
      'blocks[0].elements[0].text.text: 76 characters, more than 75',
    ]);
    expect(checkBlocks(actions(button({ value: 'v'.repeat(2001) })), 'message')).toEqual([
      'blocks[0].elements[0].value: 2001 characters, more than 2000',
    ]);
    expect(checkBlocks(actions(button({ text: mrkdwn('*Next*') })), 'message')).toEqual([
      'blocks[0].elements[0].text.type: must be plain_text',
    ]);
  });

  it('checks buttons used as a section accessory', () => {
    const block = { type: 'section', text: mrkdwn('x'), accessory: button({ value: 'v'.repeat(2001) }) };
    expect(checkBlocks([block], 'message')).toEqual([
      'blocks[0].accessory.value: 2001 characters, more than 2000',
    ]);
  });

  it('limits action_id and block_id to 255 characters', () => {
    const ok = [
      { type: 'actions', block_id: 'b'.repeat(255), elements: [button({ action_id: 'a'.repeat(255) })] },
    ];
    expect(checkBlocks(ok, 'message')).toEqual([]);
    const long = [
      { type: 'actions', block_id: 'b'.repeat(256), elements: [button({ action_id: 'a'.repeat(256) })] },
    ];
    expect(checkBlocks(long, 'message')).toEqual([
      'blocks[0].block_id: 256 characters, more than 255',
      'blocks[0].elements[0].action_id: 256 characters, more than 255',
    ]);
  });

  it('requires block_ids unique within the surface and action_ids unique within a block', () => {
    expect(checkBlocks([section('a', 'same'), section('b', 'same')], 'message')).toEqual([
      'blocks[1].block_id: duplicate block_id "same"',
    ]);
    expect(checkBlocks([{ type: 'actions', elements: [button(), button()] }], 'message')).toEqual([
      'blocks[0].elements: duplicate action_id "risk_next_page"',
    ]);
  });

  it('limits actions blocks to 25 elements', () => {
    const elements = (count: number) =>
      Array.from({ length: count }, (_, index) => button({ action_id: `page_${index}` }));
    expect(checkBlocks([{ type: 'actions', elements: elements(25) }], 'message')).toEqual([]);
    expect(checkBlocks([{ type: 'actions', elements: elements(26) }], 'message')).toEqual([
      'blocks[0].elements: 26 elements, more than 25',
    ]);
  });

  it('requires text objects of type plain_text or mrkdwn with non-empty text', () => {
    expect(checkBlocks([{ type: 'section', text: { type: 'markdown', text: 'x' } }], 'message')).toEqual([
      'blocks[0].text.type: must be plain_text or mrkdwn, got "markdown"',
    ]);
    expect(checkBlocks([section('')], 'message')).toEqual([
      'blocks[0].text.text: must be a non-empty string',
    ]);
    expect(checkBlocks([{ type: 'section', text: 'plain string' }], 'message')).toEqual([
      'blocks[0].text: must be a text object',
    ]);
  });

  it('rejects unknown block types and blocks without a type', () => {
    expect(checkBlocks([{ type: 'video' }, { text: 'x' }], 'message')).toEqual([
      'blocks[0].type: unknown block type "video"',
      'blocks[1]: must be a block object with a type',
    ]);
  });

  it('allows input blocks only in modals', () => {
    expect(checkBlocks([input('keyword')], 'modal')).toEqual([]);
    expect(checkBlocks([input('keyword')], 'message')).toEqual([
      'blocks[0]: input blocks are only allowed in modals',
    ]);
  });

  it('requires an image to have alt text', () => {
    expect(checkBlocks([{ type: 'image', image_url: 'https://x/i.png' }], 'message')).toEqual([
      'blocks[0].alt_text: must be a non-empty string',
    ]);
  });
});

describe('checkView', () => {
  it('accepts a well-formed modal', () => {
    expect(checkView(modal())).toEqual([]);
  });

  it('requires type modal', () => {
    expect(checkView(modal({ type: 'home' }))).toEqual(['view.type: must be modal, got "home"']);
  });

  it('limits title, submit and close to 24 plain_text characters', () => {
    expect(checkView(modal({ title: plain('t'.repeat(24)), submit: plain('s'.repeat(24)) }))).toEqual([]);
    expect(
      checkView(
        modal({ title: plain('t'.repeat(25)), submit: plain('s'.repeat(25)), close: plain('c'.repeat(25)) }),
      ),
    ).toEqual([
      'view.title.text: 25 characters, more than 24',
      'view.submit.text: 25 characters, more than 24',
      'view.close.text: 25 characters, more than 24',
    ]);
    expect(checkView(modal({ title: mrkdwn('*t*') }))).toEqual(['view.title.type: must be plain_text']);
    expect(checkView(modal({ title: undefined }))).toEqual(['view.title: must be a text object']);
  });

  it('limits private_metadata to 3000 characters and callback_id to 255', () => {
    expect(checkView(modal({ private_metadata: 'm'.repeat(3000), callback_id: 'c'.repeat(255) }))).toEqual(
      [],
    );
    expect(checkView(modal({ private_metadata: 'm'.repeat(3001), callback_id: 'c'.repeat(256) }))).toEqual([
      'view.private_metadata: 3001 characters, more than 3000',
      'view.callback_id: 256 characters, more than 255',
    ]);
  });

  it('checks the blocks as a modal surface, with view-prefixed paths', () => {
    expect(checkView(modal({ blocks: [...dividers(100), input('x')] }))).toEqual([
      'view.blocks: 101 blocks, more than 100 allowed in a modal',
    ]);
    expect(checkView(modal({ blocks: [input('keyword'), input('keyword')] }))).toEqual([
      'view.blocks[1].block_id: duplicate block_id "keyword"',
    ]);
  });

  it('requires a submit button when the modal has inputs', () => {
    expect(checkView(modal({ submit: undefined }))).toEqual([
      'view.submit: required when the view has input blocks',
    ]);
    expect(checkView(modal({ submit: undefined, blocks: [section('read only')] }))).toEqual([]);
  });
});

describe('element checks', () => {
  const inModal = (element: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    checkBlocks(
      [{ type: 'input', block_id: 'field', label: plain('Field'), element, ...overrides }],
      'modal',
    );
  const textInput = (overrides: Record<string, unknown> = {}) => ({
    type: 'plain_text_input',
    action_id: 'value',
    ...overrides,
  });
  const option = (value: string, text = value) => ({ text: plain(text), value });
  const options = (count: number) => Array.from({ length: count }, (_, index) => option(`o${index}`));
  const select = (overrides: Record<string, unknown> = {}) => ({
    type: 'static_select',
    action_id: 'type_select',
    options: options(3),
    ...overrides,
  });

  it('refuses a plain_text_input initial_value longer than its max_length', () => {
    expect(inModal(textInput({ max_length: 5, initial_value: '12345' }))).toEqual([]);
    expect(inModal(textInput({ max_length: 5, initial_value: '123456' }))).toEqual([
      'blocks[0].element.initial_value: 6 characters, more than max_length 5',
    ]);
    expect(inModal(textInput({ initial_value: 'x'.repeat(3001) }))).toEqual([
      'blocks[0].element.initial_value: 3001 characters, more than 3000',
    ]);
  });

  it('limits max_length to 3000 and refuses a min_length above max_length', () => {
    expect(inModal(textInput({ min_length: 3000, max_length: 3000 }))).toEqual([]);
    expect(inModal(textInput({ max_length: 3001 }))).toEqual([
      'blocks[0].element.max_length: 3001, more than 3000',
    ]);
    expect(inModal(textInput({ min_length: 11, max_length: 10 }))).toEqual([
      'blocks[0].element.min_length: 11, more than max_length 10',
    ]);
    expect(inModal(textInput({ max_length: 0 }))).toEqual([
      'blocks[0].element.max_length: must be a whole number of at least 1',
    ]);
  });

  it('limits placeholders to 150 plain_text characters, on inputs and selects', () => {
    expect(inModal(textInput({ placeholder: plain('p'.repeat(150)) }))).toEqual([]);
    expect(inModal(textInput({ placeholder: plain('p'.repeat(151)) }))).toEqual([
      'blocks[0].element.placeholder.text: 151 characters, more than 150',
    ]);
    expect(inModal(select({ placeholder: plain('p'.repeat(151)) }))).toEqual([
      'blocks[0].element.placeholder.text: 151 characters, more than 150',
    ]);
    expect(inModal(textInput({ placeholder: mrkdwn('*p*') }))).toEqual([
      'blocks[0].element.placeholder.type: must be plain_text',
    ]);
  });

  it('limits static_select to 100 options of text ≤ 75 and value ≤ 150', () => {
    expect(inModal(select({ options: options(100) }))).toEqual([]);
    expect(inModal(select({ options: options(101) }))).toEqual([
      'blocks[0].element.options: 101 options, more than 100',
    ]);
    expect(
      inModal(
        select({ options: [option('v'.repeat(150), 't'.repeat(75)), option('v'.repeat(151), 'Long value')] }),
      ),
    ).toEqual(['blocks[0].element.options[1].value: 151 characters, more than 150']);
    expect(inModal(select({ options: [option('a', 't'.repeat(76))] }))).toEqual([
      'blocks[0].element.options[0].text.text: 76 characters, more than 75',
    ]);
    expect(inModal(select({ options: [{ text: mrkdwn('*a*'), value: 'a' }] }))).toEqual([
      'blocks[0].element.options[0].text.type: must be plain_text',
    ]);
    expect(inModal(select({ options: [] }))).toEqual([
      'blocks[0].element.options: must be a non-empty array',
    ]);
  });

  it('checks the options inside static_select option_groups', () => {
    const groups = [{ label: plain('Group'), options: [option('a'), option('b', 'x'.repeat(76))] }];
    expect(inModal(select({ options: undefined, option_groups: groups }))).toEqual([
      'blocks[0].element.option_groups[0].options[1].text.text: 76 characters, more than 75',
    ]);
  });

  it('limits checkboxes and radio_buttons to 10 options', () => {
    for (const type of ['checkboxes', 'radio_buttons']) {
      expect(inModal({ type, action_id: 'pick', options: options(10) }), type).toEqual([]);
      expect(inModal({ type, action_id: 'pick', options: options(11) }), type).toEqual([
        'blocks[0].element.options: 11 options, more than 10',
      ]);
    }
  });

  it('allows mrkdwn in checkbox options but limits their description to 75 characters', () => {
    const consent = {
      text: mrkdwn('*I confirm*'),
      description: plain('d'.repeat(76)),
      value: 'attested',
    };
    expect(inModal({ type: 'checkboxes', action_id: 'consent', options: [consent] })).toEqual([
      'blocks[0].element.options[0].description.text: 76 characters, more than 75',
    ]);
  });

  it('requires initial_option / initial_options to be one of the options', () => {
    expect(inModal(select({ initial_option: option('o1') }))).toEqual([]);
    expect(inModal(select({ initial_option: option('o9') }))).toEqual([
      'blocks[0].element.initial_option: must be one of the options, got value "o9"',
    ]);
    // Same value, different text: Slack wants the option exactly.
    expect(inModal(select({ initial_option: option('o1', 'Other') }))).toEqual([
      'blocks[0].element.initial_option: must be one of the options, got value "o1"',
    ]);
    const radios = { type: 'radio_buttons', action_id: 'pick', options: options(2) };
    expect(inModal({ ...radios, initial_option: option('o5') })).toEqual([
      'blocks[0].element.initial_option: must be one of the options, got value "o5"',
    ]);
    const boxes = { type: 'checkboxes', action_id: 'pick', options: options(2) };
    expect(inModal({ ...boxes, initial_options: [option('o0')] })).toEqual([]);
    expect(inModal({ ...boxes, initial_options: [option('o0'), option('o7')] })).toEqual([
      'blocks[0].element.initial_options[1]: must be one of the options, got value "o7"',
    ]);
  });

  it('limits input labels and hints to 2000 plain_text characters', () => {
    expect(inModal(textInput(), { label: plain('l'.repeat(2000)), hint: plain('h'.repeat(2000)) })).toEqual(
      [],
    );
    expect(inModal(textInput(), { label: plain('l'.repeat(2001)), hint: plain('h'.repeat(2001)) })).toEqual([
      'blocks[0].label.text: 2001 characters, more than 2000',
      'blocks[0].hint.text: 2001 characters, more than 2000',
    ]);
    expect(inModal(textInput(), { hint: mrkdwn('_h_') })).toEqual([
      'blocks[0].hint.type: must be plain_text',
    ]);
  });

  it('allows emoji only on plain_text objects', () => {
    expect(checkBlocks([{ type: 'header', text: { ...plain('Results'), emoji: true } }], 'message')).toEqual(
      [],
    );
    expect(checkBlocks([{ type: 'section', text: { ...mrkdwn('*x*'), emoji: true } }], 'message')).toEqual([
      'blocks[0].text.emoji: only allowed on plain_text',
    ]);
    expect(
      checkBlocks([{ type: 'context', elements: [{ ...mrkdwn(':test_tube: x'), emoji: false }] }], 'message'),
    ).toEqual(['blocks[0].elements[0].emoji: only allowed on plain_text']);
  });

  it('allows only the primary and danger button styles', () => {
    const actions = (style: unknown) => [{ type: 'actions', elements: [button({ style })] }];
    expect(checkBlocks(actions('primary'), 'message')).toEqual([]);
    expect(checkBlocks(actions('danger'), 'message')).toEqual([]);
    expect(checkBlocks(actions('default'), 'message')).toEqual([
      'blocks[0].elements[0].style: must be primary or danger, got "default"',
    ]);
    expect(checkBlocks(actions(''), 'message')).toEqual([
      'blocks[0].elements[0].style: must be primary or danger, got ""',
    ]);
  });
});

describe('checkViewErrors', () => {
  const view = modal({ blocks: [section('intro', 'intro'), input('keyword'), input('realname')] });

  it('accepts errors keyed by the block_ids of input blocks', () => {
    expect(checkViewErrors(view, { keyword: 'Too short', realname: 'Needed' })).toEqual([]);
  });

  it('refuses keys that are not an input block of the view', () => {
    expect(checkViewErrors(view, { intro: 'x', idcard: 'Invalid', keyword: '' })).toEqual([
      'errors.intro: not the block_id of an input block in this view',
      'errors.idcard: not the block_id of an input block in this view',
      'errors.keyword: must be a non-empty string',
    ]);
    expect(checkViewErrors(view, 'Invalid')).toEqual(['errors: must be an object keyed by block_id']);
  });
});

describe('checkMessage', () => {
  it('requires a non-empty text fallback even with blocks', () => {
    expect(checkMessage({ text: 'Risk results for 张*洲', blocks: [section('x')] })).toEqual([]);
    expect(checkMessage({ blocks: [section('x')] })).toEqual(['text: a non-empty text fallback is required']);
    expect(checkMessage({ text: '  ', blocks: [section('x')] })).toEqual([
      'text: a non-empty text fallback is required',
    ]);
  });

  it('accepts text alone and checks blocks as a message surface', () => {
    expect(checkMessage({ text: 'hello' })).toEqual([]);
    expect(checkMessage({ text: 'hello', blocks: [input('keyword')] })).toEqual([
      'blocks[0]: input blocks are only allowed in modals',
    ]);
  });
});
