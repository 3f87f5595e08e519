import { escapeHtml, renderMrkdwn, renderPlainText } from './mrkdwn.js';
import { spaceBetween, workbenchText } from './strings.js';

/**
 * Block Kit → HTML strings, as Slack draws them. Pure functions (no DOM), so Node tests can run them.
 * Interactive elements carry data-* attributes that workbench.js turns into Slack payloads.
 * A block or element this renderer does not know is shown with its JSON, never dropped. Its own words
 * (the select's default placeholder, "(optional)") are in ctx.locale, English by default.
 *
 * @typedef {{
 *   names?: { userName?: (id: string) => string | undefined, channelName?: (id: string) => string | undefined },
 *   values?: Record<string, Record<string, any>>,
 *   errors?: Record<string, string>,
 *   idPrefix?: string,
 *   locale?: string,
 *   fileInfo?: (id: string) => { id: string, name: string, size?: number } | undefined,
 * }} RenderContext
 */

/** A text object (plain_text or mrkdwn) as HTML. */
export function renderText(text, ctx = {}) {
  if (text === null || typeof text !== 'object') return '';
  if (text.type === 'mrkdwn') return renderMrkdwn(text.text, ctx.names);
  return renderPlainText(text.text, text.emoji !== false);
}

function attr(value) {
  return escapeHtml(value ?? '');
}

function plainOf(text) {
  return text && typeof text === 'object' && typeof text.text === 'string' ? text.text : '';
}

function unknownPlaceholder(kind, value, ctx = {}) {
  let json;
  try {
    json = JSON.stringify(value, null, 2);
  } catch {
    json = String(value);
  }
  const type =
    value && typeof value === 'object' && typeof value.type === 'string' ? value.type : typeof value;
  return (
    `<div class="bk-unknown" data-unknown-${kind}="${attr(type)}">` +
    `<div class="bk-unknown-title">${escapeHtml(workbenchText(ctx.locale, `blockKit.unsupported.${kind}`, { type }))}</div>` +
    `<pre class="bk-unknown-json">${escapeHtml(json)}</pre></div>`
  );
}

/** Renders a message's or a modal's blocks. */
export function renderBlocks(blocks, ctx = {}) {
  if (!Array.isArray(blocks)) return unknownPlaceholder('block', blocks, ctx);
  return blocks.map((block, index) => renderBlock(block, index, ctx)).join('');
}

function blockIdOf(block, index) {
  return typeof block.block_id === 'string' && block.block_id !== '' ? block.block_id : `auto_block_${index}`;
}

function renderBlock(block, index, ctx) {
  if (block === null || typeof block !== 'object') return unknownPlaceholder('block', block, ctx);
  const blockId = blockIdOf(block, index);
  switch (block.type) {
    case 'header':
      return `<div class="bk-block bk-header" data-block-id="${attr(blockId)}">${renderText(block.text, ctx)}</div>`;
    case 'divider':
      return `<hr class="bk-block bk-divider">`;
    case 'section':
      return renderSection(block, blockId, ctx);
    case 'context':
      return renderContext(block, blockId, ctx);
    case 'actions':
      return (
        `<div class="bk-block bk-actions" data-block-id="${attr(blockId)}">` +
        (Array.isArray(block.elements) ? block.elements : [])
          .map((element) => renderInteractive(element, blockId, ctx))
          .join('') +
        `</div>`
      );
    case 'input':
      return renderInput(block, blockId, ctx);
    case 'image':
      return (
        `<div class="bk-block bk-image" data-block-id="${attr(blockId)}">` +
        (block.title ? `<div class="bk-image-title">${renderText(block.title, ctx)}</div>` : '') +
        `<div class="bk-image-box" title="${attr(workbenchText(ctx.locale, 'blockKit.imagesNotLoaded'))}">🖼 ${escapeHtml(block.alt_text ?? '')}</div></div>`
      );
    default:
      return unknownPlaceholder('block', block, ctx);
  }
}

function renderSection(block, blockId, ctx) {
  const text = block.text ? `<div class="bk-section-text">${renderText(block.text, ctx)}</div>` : '';
  const fields = Array.isArray(block.fields)
    ? `<div class="bk-fields">${block.fields.map((field) => `<div class="bk-field-text">${renderText(field, ctx)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory
    ? `<div class="bk-accessory">${renderInteractive(block.accessory, blockId, ctx)}</div>`
    : '';
  return (
    `<div class="bk-block bk-section" data-block-id="${attr(blockId)}">` +
    `<div class="bk-section-main">${text}${fields}</div>${accessory}</div>`
  );
}

function renderContext(block, blockId, ctx) {
  const elements = (Array.isArray(block.elements) ? block.elements : []).map((element) => {
    if (element?.type === 'mrkdwn' || element?.type === 'plain_text') {
      return `<span class="bk-context-item">${renderText(element, ctx)}</span>`;
    }
    if (element?.type === 'image') {
      return `<span class="bk-context-item bk-context-image" title="${attr(element.alt_text)}">🖼</span>`;
    }
    return unknownPlaceholder('element', element, ctx);
  });
  return `<div class="bk-block bk-context" data-block-id="${attr(blockId)}">${elements.join('')}</div>`;
}

/** Elements of actions blocks and section accessories. */
function renderInteractive(element, blockId, ctx) {
  if (element?.type === 'button') return renderButton(element, blockId, ctx);
  if (element?.type === 'image') {
    return `<span class="bk-image-box bk-accessory-image" title="${attr(element.alt_text)}">🖼</span>`;
  }
  return unknownPlaceholder('element', element, ctx);
}

function renderButton(button, blockId, ctx) {
  const style = button.style === 'primary' || button.style === 'danger' ? ` bk-button--${button.style}` : '';
  const label = plainOf(button.text);
  return (
    `<button type="button" class="bk-button${style}" data-action="button"` +
    ` data-action-id="${attr(button.action_id)}" data-block-id="${attr(blockId)}"` +
    (button.value !== undefined ? ` data-value="${attr(button.value)}"` : '') +
    ` data-text="${attr(label)}"` +
    (button.confirm
      ? ` data-confirm="${attr(plainOf(button.confirm.text) || plainOf(button.confirm.title))}"`
      : '') +
    (button.accessibility_label ? ` aria-label="${attr(button.accessibility_label)}"` : '') +
    `>${renderText(button.text, ctx)}</button>`
  );
}

function renderInput(block, blockId, ctx) {
  const element = block.element ?? {};
  const actionId = typeof element.action_id === 'string' ? element.action_id : `auto_action_${blockId}`;
  const fieldId = `${ctx.idPrefix ?? 'bk'}-${blockId}-${actionId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const current = ctx.values?.[blockId]?.[actionId];
  const error = ctx.errors?.[blockId];
  const control = renderInputElement(
    element,
    { blockId, actionId, fieldId, current, invalid: Boolean(error) },
    ctx,
  );
  const optionalText = workbenchText(ctx.locale, 'blockKit.optional');
  const optional = block.optional
    ? `${spaceBetween(plainOf(block.label), optionalText)}<span class="bk-optional">${escapeHtml(optionalText)}</span>`
    : '';
  const hint = block.hint ? `<div class="bk-hint">${renderText(block.hint, ctx)}</div>` : '';
  const errorLine = error
    ? `<div class="bk-error" role="alert" id="${attr(fieldId)}-error">${renderPlainText(error)}</div>`
    : '';
  return (
    `<div class="bk-block bk-input${error ? ' bk-input--error' : ''}" data-block-id="${attr(blockId)}">` +
    `<label class="bk-label" for="${attr(fieldId)}">${renderText(block.label, ctx)}${optional}</label>` +
    `${control}${errorLine}${hint}</div>`
  );
}

function fieldAttributes(kind, field) {
  return (
    ` data-element="${kind}" data-block-id="${attr(field.blockId)}" data-action-id="${attr(field.actionId)}"` +
    (field.invalid ? ` aria-invalid="true" aria-describedby="${attr(field.fieldId)}-error"` : '')
  );
}

function optionValue(option) {
  return option && typeof option === 'object' ? option.value : undefined;
}

function renderInputElement(element, field, ctx) {
  switch (element.type) {
    case 'plain_text_input': {
      const value = field.current ? (field.current.value ?? '') : (element.initial_value ?? '');
      const placeholder = element.placeholder ? ` placeholder="${attr(plainOf(element.placeholder))}"` : '';
      const limits =
        (Number.isInteger(element.max_length) ? ` maxlength="${element.max_length}"` : '') +
        (Number.isInteger(element.min_length) ? ` minlength="${element.min_length}"` : '');
      const common = `class="bk-text-input" id="${attr(field.fieldId)}"${fieldAttributes('plain_text_input', field)}${placeholder}${limits}`;
      return element.multiline
        ? `<textarea ${common} rows="3">${escapeHtml(value)}</textarea>`
        : `<input type="text" ${common} value="${attr(value)}">`;
    }
    case 'static_select': {
      const chosen = field.current
        ? optionValue(field.current.selected_option)
        : optionValue(element.initial_option);
      const renderOption = (option) =>
        `<option value="${attr(option.value)}"${option.value === chosen ? ' selected' : ''}>${renderPlainText(plainOf(option.text))}</option>`;
      const options = Array.isArray(element.option_groups)
        ? element.option_groups
            .map(
              (group) =>
                `<optgroup label="${attr(plainOf(group.label))}">${(group.options ?? []).map(renderOption).join('')}</optgroup>`,
            )
            .join('')
        : (element.options ?? []).map(renderOption).join('');
      const placeholder = `<option value=""${chosen === undefined ? ' selected' : ''}>${renderPlainText(plainOf(element.placeholder) || workbenchText(ctx.locale, 'blockKit.selectPlaceholder'))}</option>`;
      return `<select class="bk-select" id="${attr(field.fieldId)}"${fieldAttributes('static_select', field)}>${placeholder}${options}</select>`;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const isCheckbox = element.type === 'checkboxes';
      const chosen = new Set(
        field.current
          ? isCheckbox
            ? (field.current.selected_options ?? []).map(optionValue)
            : [optionValue(field.current.selected_option)]
          : isCheckbox
            ? (element.initial_options ?? []).map(optionValue)
            : [optionValue(element.initial_option)],
      );
      const options = (element.options ?? [])
        .map((option, index) => {
          const id = `${field.fieldId}-${index}`;
          return (
            `<label class="bk-choice" for="${attr(id)}"><input type="${isCheckbox ? 'checkbox' : 'radio'}" id="${attr(id)}"` +
            ` name="${attr(field.fieldId)}" value="${attr(option.value)}" data-text="${attr(plainOf(option.text))}"` +
            ` data-text-type="${attr(option.text?.type ?? 'plain_text')}"${chosen.has(option.value) ? ' checked' : ''}>` +
            `<span class="bk-choice-text">${renderText(option.text, ctx)}` +
            (option.description
              ? `<span class="bk-choice-description">${renderText(option.description, ctx)}</span>`
              : '') +
            `</span></label>`
          );
        })
        .join('');
      return `<div class="bk-choices" role="${isCheckbox ? 'group' : 'radiogroup'}" id="${attr(field.fieldId)}"${fieldAttributes(element.type, field)}>${options}</div>`;
    }
    case 'file_input':
      return renderFileInput(element, field, ctx);
    default:
      return unknownPlaceholder('element', element, ctx);
  }
}

/** A file's size as Slack lists it under the name: 12 KB. */
export function formatSize(bytes) {
  if (typeof bytes !== 'number') return '';
  return bytes < 1024 ? `${bytes} B` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Slack's default when a file_input sets no max_files. */
const FILE_INPUT_DEFAULT_MAX = 10;

/**
 * The files picked in a file_input, each with a remove button. `files` are { id, name, size } (what
 * the page uploaded, or Slack's file objects from view.state after a submission).
 */
export function renderFileList(files, locale) {
  return files
    .map(
      (file) =>
        `<li class="bk-file" data-file-id="${attr(file.id)}"><span aria-hidden="true">📄</span> ` +
        `<span class="bk-file-name">${escapeHtml(file.name)}</span> ` +
        `<span class="bk-file-size">${escapeHtml(formatSize(file.size))}</span>` +
        `<button type="button" class="bk-file-remove" data-remove-file="${attr(file.id)}"` +
        ` aria-label="${attr(workbenchText(locale, 'blockKit.fileInput.remove', { name: file.name }))}">×</button></li>`,
    )
    .join('');
}

/**
 * file_input: a picker honouring `filetypes` (as `accept`) and `max_files` (`multiple` unless 1), and
 * the files picked so far. The wrapper holds them as JSON in data-files; workbench.js uploads new picks
 * and submits their ids. Picks are names in ctx.values (ids after a redraw, resolved by ctx.fileInfo).
 */
function renderFileInput(element, field, ctx) {
  const types = Array.isArray(element.filetypes)
    ? element.filetypes.filter((type) => typeof type === 'string' && type !== '')
    : [];
  const maxFiles = Number.isInteger(element.max_files) ? element.max_files : FILE_INPUT_DEFAULT_MAX;
  const picked = Array.isArray(field.current?.files) ? field.current.files : [];
  const files = picked
    .map((entry) =>
      typeof entry === 'string' ? (ctx.fileInfo?.(entry) ?? { id: entry, name: entry }) : entry,
    )
    .filter((file) => file && typeof file.id === 'string')
    .map((file) => ({ id: file.id, name: String(file.name ?? file.id), size: file.size }));
  const accept = types.length > 0 ? ` accept="${attr(types.map((type) => `.${type}`).join(','))}"` : '';
  return (
    `<div class="bk-file-input"${fieldAttributes('file_input', field)} data-files="${attr(JSON.stringify(files))}"` +
    ` data-filetypes="${attr(types.join(','))}" data-max-files="${maxFiles}">` +
    `<label class="bk-file-pick"><input type="file" class="bk-file-picker" id="${attr(field.fieldId)}" data-file-picker${accept}${maxFiles > 1 ? ' multiple' : ''}>` +
    `${escapeHtml(workbenchText(ctx.locale, 'blockKit.fileInput.choose'))}</label>` +
    (types.length > 0
      ? `<span class="bk-file-types">${escapeHtml(workbenchText(ctx.locale, 'blockKit.fileInput.types', { types: types.join(', ') }))}</span>`
      : '') +
    `<ul class="bk-file-list">${renderFileList(files, ctx.locale)}</ul></div>`
  );
}
