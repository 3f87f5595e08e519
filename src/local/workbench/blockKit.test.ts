import { describe, expect, it } from 'vitest';
import { renderBlocks } from './static/blockKit.js';

describe('renderBlocks', () => {
  it('renders a header, a section with fields and a button accessory, a context and a divider', () => {
    const html = renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: 'Dishonest debtor (失信)' } },
      {
        type: 'section',
        block_id: 'summary',
        text: { type: 'mrkdwn', text: '*Person:* 张德洲' },
        fields: [
          { type: 'mrkdwn', text: '*失信:* 31' },
          { type: 'plain_text', text: '被执行: 7' },
        ],
        accessory: {
          type: 'button',
          action_id: 'risk_show_type_1',
          text: { type: 'plain_text', text: 'Show all' },
          value: 'v1',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: ':test_tube: Sandbox data' }] },
      { type: 'divider' },
    ]);
    expect(html).toBe(
      '<div class="bk-block bk-header" data-block-id="auto_block_0">Dishonest debtor (失信)</div>' +
        '<div class="bk-block bk-section" data-block-id="summary"><div class="bk-section-main">' +
        '<div class="bk-section-text"><strong>Person:</strong> 张德洲</div>' +
        '<div class="bk-fields"><div class="bk-field-text"><strong>失信:</strong> 31</div><div class="bk-field-text">被执行: 7</div></div>' +
        '</div><div class="bk-accessory"><button type="button" class="bk-button" data-action="button"' +
        ' data-action-id="risk_show_type_1" data-block-id="summary" data-value="v1" data-text="Show all">Show all</button></div></div>' +
        '<div class="bk-block bk-context" data-block-id="auto_block_2"><span class="bk-context-item">🧪 Sandbox data</span></div>' +
        '<hr class="bk-block bk-divider">',
    );
  });

  it('renders actions with primary and danger styles and keeps the button value for the payload', () => {
    const html = renderBlocks([
      {
        type: 'actions',
        block_id: 'risk_pagination',
        elements: [
          {
            type: 'button',
            action_id: 'risk_prev_page',
            text: { type: 'plain_text', text: '◀ Previous' },
            value: '{"p":1}',
          },
          { type: 'button', action_id: 'ok', style: 'primary', text: { type: 'plain_text', text: 'OK' } },
          { type: 'button', action_id: 'no', style: 'danger', text: { type: 'plain_text', text: 'Delete' } },
        ],
      },
    ]);
    expect(html).toContain(
      'data-action-id="risk_prev_page" data-block-id="risk_pagination" data-value="{&quot;p&quot;:1}"',
    );
    expect(html).toContain('class="bk-button bk-button--primary"');
    expect(html).toContain('class="bk-button bk-button--danger"');
  });

  it('renders input blocks with what was typed and the error under the field', () => {
    const html = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'idcard',
          label: { type: 'plain_text', text: '身份证 number' },
          hint: { type: 'plain_text', text: '18 digits' },
          element: { type: 'plain_text_input', action_id: 'idcard_input', max_length: 24 },
        },
        {
          type: 'input',
          block_id: 'purpose',
          optional: true,
          label: { type: 'plain_text', text: 'Purpose' },
          element: {
            type: 'plain_text_input',
            action_id: 'purpose_input',
            multiline: true,
            initial_value: 'KYC',
          },
        },
      ],
      {
        idPrefix: 'V1',
        values: { idcard: { idcard_input: { type: 'plain_text_input', value: '110105194912310021' } } },
        errors: { idcard: 'The last character does not match' },
      },
    );
    expect(html).toBe(
      '<div class="bk-block bk-input bk-input--error" data-block-id="idcard">' +
        '<label class="bk-label" for="V1-idcard-idcard_input">身份证 number</label>' +
        '<input type="text" class="bk-text-input" id="V1-idcard-idcard_input" data-element="plain_text_input"' +
        ' data-block-id="idcard" data-action-id="idcard_input" aria-invalid="true"' +
        ' aria-describedby="V1-idcard-idcard_input-error" maxlength="24" value="110105194912310021">' +
        '<div class="bk-error" role="alert" id="V1-idcard-idcard_input-error">The last character does not match</div>' +
        '<div class="bk-hint">18 digits</div></div>' +
        '<div class="bk-block bk-input" data-block-id="purpose">' +
        '<label class="bk-label" for="V1-purpose-purpose_input">Purpose <span class="bk-optional">(optional)</span></label>' +
        '<textarea class="bk-text-input" id="V1-purpose-purpose_input" data-element="plain_text_input"' +
        ' data-block-id="purpose" data-action-id="purpose_input" rows="3">KYC</textarea></div>',
    );
  });

  it('renders a static select, checkboxes and radio buttons with their chosen options', () => {
    const option = (value: string, text: string) => ({ text: { type: 'plain_text', text }, value });
    const html = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'type',
          label: { type: 'plain_text', text: 'Source' },
          element: {
            type: 'static_select',
            action_id: 'type_select',
            initial_option: option('all', 'All'),
            options: [option('all', 'All'), option('1', '失信')],
          },
        },
        {
          type: 'input',
          block_id: 'consent',
          label: { type: 'plain_text', text: 'Consent' },
          element: {
            type: 'checkboxes',
            action_id: 'consent_checkbox',
            options: [option('attested', 'I confirm')],
          },
        },
        {
          type: 'input',
          block_id: 'mode',
          label: { type: 'plain_text', text: 'Mode' },
          element: {
            type: 'radio_buttons',
            action_id: 'mode_radio',
            options: [option('a', 'A'), option('b', 'B')],
          },
        },
      ],
      {
        values: {
          type: { type_select: { type: 'static_select', selected_option: option('1', '失信') } },
          consent: {
            consent_checkbox: { type: 'checkboxes', selected_options: [option('attested', 'I confirm')] },
          },
          mode: { mode_radio: { type: 'radio_buttons', selected_option: option('b', 'B') } },
        },
      },
    );
    expect(html).toContain('<option value="1" selected>失信</option>');
    expect(html).toContain('<option value="all">All</option>');
    expect(html).toMatch(/type="checkbox"[^>]*value="attested"[^>]*checked>/);
    expect(html).toMatch(/type="radio"[^>]*value="b"[^>]*checked>/);
    expect(html).not.toMatch(/type="radio"[^>]*value="a"[^>]*checked>/);
    expect(html).toContain(
      'data-element="checkboxes" data-block-id="consent" data-action-id="consent_checkbox"',
    );
  });

  it('speaks the app’s locale in its own words: the select placeholder, (optional), unsupported blocks', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'type',
        optional: true,
        label: { type: 'plain_text', text: '核查范围' },
        element: { type: 'static_select', action_id: 'type_select', options: [] },
      },
      { type: 'video' },
    ];
    const zh = renderBlocks(blocks, { locale: 'zh-CN' });
    expect(zh).toContain('<option value="" selected>选择一项</option>');
    expect(zh).toContain('核查范围<span class="bk-optional">（可选）</span></label>');
    expect(zh).toContain('<div class="bk-unknown-title">工作台不支持此区块：video</div>');
    expect(zh).not.toMatch(/Select an item|optional\)|Unsupported/);

    const en = renderBlocks(blocks);
    expect(en).toContain('<option value="" selected>Select an item</option>');
    expect(en).toContain('核查范围 <span class="bk-optional">(optional)</span></label>');
    expect(renderBlocks(blocks, { locale: 'fr' })).toBe(en);
    // the app's own placeholder always wins over the default
    const own = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'type',
          label: { type: 'plain_text', text: 'Source' },
          element: {
            type: 'static_select',
            action_id: 'type_select',
            placeholder: { type: 'plain_text', text: '请选择来源' },
            options: [],
          },
        },
      ],
      { locale: 'zh-CN' },
    );
    expect(own).toContain('<option value="" selected>请选择来源</option>');
  });

  it('shows an unknown block as a placeholder with its JSON, escaped, instead of dropping it', () => {
    const html = renderBlocks([{ type: 'video', title: '<script>alert(1)</script>' }]);
    expect(html).toContain('data-unknown-block="video"');
    expect(html).toContain('Unsupported block in the workbench: video');
    expect(html).toContain('&quot;title&quot;: &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(html).not.toContain('<script');
  });

  it('shows an unknown element as a placeholder too', () => {
    const html = renderBlocks([{ type: 'actions', elements: [{ type: 'overflow', action_id: 'more' }] }]);
    expect(html).toContain('data-unknown-element="overflow"');
  });

  it('escapes Juhe data in every text position', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: evil } },
      { type: 'section', fields: [{ type: 'plain_text', text: evil }] },
      { type: 'context', elements: [{ type: 'plain_text', text: evil }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'x', text: { type: 'plain_text', text: evil }, value: `"${evil}` },
        ],
      },
    ]);
    expect(html).not.toMatch(/<img/);
    expect(html).toContain('data-value="&quot;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('renders a file_input as a picker honouring filetypes and max_files, with the files picked so far', () => {
    const block = (element: Record<string, unknown>) => ({
      type: 'input',
      block_id: 'file',
      label: { type: 'plain_text', text: 'File' },
      element: { type: 'file_input', action_id: 'file', ...element },
    });
    const one = renderBlocks([block({ filetypes: ['csv', 'xlsx'], max_files: 1 })], { idPrefix: 'V1' });
    expect(one).toContain(
      '<input type="file" class="bk-file-picker" id="V1-file-file" data-file-picker accept=".csv,.xlsx">',
    );
    expect(one).toContain('data-element="file_input" data-block-id="file" data-action-id="file"');
    expect(one).toContain('data-filetypes="csv,xlsx" data-max-files="1"');
    expect(one).toContain('Accepted file types: csv, xlsx');
    // no max_files: Slack's 10, so several may be picked; no filetypes: anything
    const many = renderBlocks([block({})], { locale: 'zh-CN' });
    expect(many).toContain('data-max-files="10"');
    expect(many).toContain(' multiple>');
    expect(many).not.toContain('accept=');
    expect(many).toContain('从电脑上传');
    // picked files: Slack's file objects from view.state, or ids the page resolves
    const picked = renderBlocks([block({})], {
      values: {
        file: {
          file: { type: 'file_input', files: [{ id: 'F1', name: '<b>名单</b>.csv', size: 2048 }, 'F2'] },
        },
      },
      fileInfo: (id) => (id === 'F2' ? { id, name: 'two.xlsx', size: 10 } : undefined),
    });
    expect(picked).toContain(
      '<span class="bk-file-name">&lt;b&gt;名单&lt;/b&gt;.csv</span> <span class="bk-file-size">2 KB</span>',
    );
    expect(picked).toContain(
      '<span class="bk-file-name">two.xlsx</span> <span class="bk-file-size">10 B</span>',
    );
    expect(picked).toContain('data-remove-file="F2"');
  });
});
