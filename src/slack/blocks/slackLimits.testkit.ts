/**
 * Test-only: Slack's documented Block Kit limits (DESIGN.md, "Slack limits"), checked the way Slack
 * would reject a payload. Returns every violation as a readable string; an empty list means valid.
 */
import type { AnyBlock, KnownBlock, ModalView, TextObject } from '@slack/types';
import type { SlackMessage } from '../message.js';

const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  modalTitle: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  checkboxOptions: 10,
  plainTextInputMax: 3000,
} as const;

interface Walk {
  problems: string[];
  blockIds: Set<string>;
  actionIds: Set<string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkText(walk: Walk, where: string, text: unknown, max: number, plainOnly = false): void {
  if (!isRecord(text)) {
    walk.problems.push(`${where}: missing text object`);
    return;
  }
  const object = text as Partial<TextObject>;
  if (object.type !== 'plain_text' && object.type !== 'mrkdwn') walk.problems.push(`${where}: bad text type`);
  if (plainOnly && object.type !== 'plain_text') walk.problems.push(`${where}: must be plain_text`);
  if (typeof object.text !== 'string' || object.text.length === 0) {
    walk.problems.push(`${where}: empty text`);
  } else if (object.text.length > max) {
    walk.problems.push(`${where}: text ${object.text.length} > ${max}`);
  }
}

function checkId(
  walk: Walk,
  where: string,
  kind: 'block_id' | 'action_id',
  id: unknown,
  seen: Set<string>,
): void {
  if (id === undefined) return;
  if (typeof id !== 'string' || id.length === 0) {
    walk.problems.push(`${where}: ${kind} empty`);
    return;
  }
  if (id.length > LIMITS.id) walk.problems.push(`${where}: ${kind} ${id.length} > ${LIMITS.id}`);
  if (seen.has(id)) walk.problems.push(`${where}: duplicate ${kind} ${id}`);
  seen.add(id);
}

function checkOptions(walk: Walk, where: string, options: unknown, max: number): Set<string> {
  const values = new Set<string>();
  if (!Array.isArray(options) || options.length === 0) {
    walk.problems.push(`${where}: no options`);
    return values;
  }
  if (options.length > max) walk.problems.push(`${where}: ${options.length} options > ${max}`);
  options.forEach((option: unknown, index) => {
    if (!isRecord(option)) return;
    checkText(walk, `${where}.options[${index}]`, option.text, LIMITS.optionText);
    if (option.description !== undefined) {
      checkText(walk, `${where}.options[${index}].description`, option.description, LIMITS.optionText);
    }
    const value = option.value;
    if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.optionValue) {
      walk.problems.push(`${where}.options[${index}]: bad value`);
    } else {
      values.add(value);
    }
  });
  return values;
}

function checkElement(walk: Walk, where: string, element: unknown): void {
  if (!isRecord(element)) {
    walk.problems.push(`${where}: missing element`);
    return;
  }
  checkId(walk, where, 'action_id', element.action_id, walk.actionIds);
  switch (element.type) {
    case 'button': {
      checkText(walk, `${where}.text`, element.text, LIMITS.buttonText, true);
      const value = element.value;
      if (value !== undefined && (typeof value !== 'string' || value.length > LIMITS.buttonValue)) {
        walk.problems.push(`${where}: button value too long`);
      }
      break;
    }
    case 'static_select': {
      const values = checkOptions(walk, where, element.options, LIMITS.selectOptions);
      const initial = element.initial_option;
      if (isRecord(initial) && (typeof initial.value !== 'string' || !values.has(initial.value))) {
        walk.problems.push(`${where}: initial_option is not one of the options`);
      }
      break;
    }
    case 'checkboxes':
      checkOptions(walk, where, element.options, LIMITS.checkboxOptions);
      break;
    case 'plain_text_input': {
      if (element.placeholder !== undefined) {
        checkText(walk, `${where}.placeholder`, element.placeholder, LIMITS.placeholder, true);
      }
      const max = typeof element.max_length === 'number' ? element.max_length : LIMITS.plainTextInputMax;
      if (max > LIMITS.plainTextInputMax)
        walk.problems.push(`${where}: max_length > ${LIMITS.plainTextInputMax}`);
      const initial = element.initial_value;
      if (typeof initial === 'string' && initial.length > max)
        walk.problems.push(`${where}: initial_value > max_length`);
      break;
    }
    default:
      walk.problems.push(`${where}: unexpected element type ${String(element.type)}`);
  }
}

function checkBlock(walk: Walk, index: number, block: AnyBlock): void {
  const where = `blocks[${index}](${block.type})`;
  checkId(walk, where, 'block_id', block.block_id, walk.blockIds);
  const known = block as KnownBlock;
  switch (known.type) {
    case 'section': {
      if (known.text === undefined && known.fields === undefined)
        walk.problems.push(`${where}: neither text nor fields`);
      if (known.text !== undefined) checkText(walk, `${where}.text`, known.text, LIMITS.sectionText);
      if (known.fields !== undefined) {
        if (known.fields.length === 0 || known.fields.length > LIMITS.fields) {
          walk.problems.push(`${where}: ${known.fields.length} fields`);
        }
        known.fields.forEach((field, i) => {
          checkText(walk, `${where}.fields[${i}]`, field, LIMITS.fieldText);
        });
      }
      if (known.accessory !== undefined) checkElement(walk, `${where}.accessory`, known.accessory);
      break;
    }
    case 'header':
      checkText(walk, `${where}.text`, known.text, LIMITS.headerText, true);
      break;
    case 'context':
      if (known.elements.length === 0 || known.elements.length > LIMITS.contextElements) {
        walk.problems.push(`${where}: ${known.elements.length} elements`);
      }
      known.elements.forEach((element, i) => {
        checkText(walk, `${where}.elements[${i}]`, element, LIMITS.sectionText);
      });
      break;
    case 'actions':
      if (known.elements.length === 0 || known.elements.length > LIMITS.actionsElements) {
        walk.problems.push(`${where}: ${known.elements.length} elements`);
      }
      known.elements.forEach((element, i) => {
        checkElement(walk, `${where}.elements[${i}]`, element);
      });
      break;
    case 'input':
      checkText(walk, `${where}.label`, known.label, LIMITS.inputLabel, true);
      if (known.hint !== undefined) checkText(walk, `${where}.hint`, known.hint, LIMITS.inputHint, true);
      checkElement(walk, `${where}.element`, known.element);
      break;
    case 'divider':
      break;
    default:
      walk.problems.push(`${where}: unexpected block type`);
  }
}

function walkBlocks(blocks: readonly AnyBlock[]): Walk {
  const walk: Walk = { problems: [], blockIds: new Set(), actionIds: new Set() };
  blocks.forEach((block, index) => {
    checkBlock(walk, index, block);
  });
  return walk;
}

export function messageLimitViolations(message: SlackMessage): string[] {
  const walk = walkBlocks(message.blocks);
  if (message.blocks.length > LIMITS.messageBlocks) {
    walk.problems.push(`${message.blocks.length} blocks > ${LIMITS.messageBlocks}`);
  }
  if (typeof message.text !== 'string' || message.text.trim().length === 0)
    walk.problems.push('empty text fallback');
  return walk.problems;
}

export function modalLimitViolations(view: ModalView): string[] {
  const walk = walkBlocks(view.blocks);
  if (view.blocks.length > LIMITS.modalBlocks)
    walk.problems.push(`${view.blocks.length} blocks > ${LIMITS.modalBlocks}`);
  if (view.type !== 'modal') walk.problems.push('not a modal');
  checkText(walk, 'title', view.title, LIMITS.modalTitle, true);
  if (view.submit !== undefined) checkText(walk, 'submit', view.submit, LIMITS.modalTitle, true);
  if (view.close !== undefined) checkText(walk, 'close', view.close, LIMITS.modalTitle, true);
  if (view.blocks.some((block) => block.type === 'input') && view.submit === undefined) {
    walk.problems.push('input blocks without a submit button');
  }
  if (view.private_metadata !== undefined && view.private_metadata.length > LIMITS.privateMetadata) {
    walk.problems.push(`private_metadata ${view.private_metadata.length} > ${LIMITS.privateMetadata}`);
  }
  if (view.callback_id !== undefined && view.callback_id.length > LIMITS.id)
    walk.problems.push('callback_id too long');
  return walk.problems;
}
