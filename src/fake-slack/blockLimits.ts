/**
 * Slack's Block Kit limits, as the fake Web API enforces them. Each check returns a list of
 * human-readable violations (empty = within limits), each starting with a JSON-ish path so a
 * failing test points at the offending block.
 */

export type BlockSurface = 'message' | 'modal';

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  identifier: 255,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  messageText: 40_000,
} as const;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface TextRule {
  max: number;
  /** Slack rejects mrkdwn where only plain_text is allowed (headers, buttons, titles, labels). */
  plainOnly?: boolean;
}

function checkTextObject(value: unknown, path: string, rule: TextRule, out: string[]): void {
  if (!isObject(value)) {
    out.push(`${path}: must be a text object`);
    return;
  }
  const { type, text } = value;
  if (type !== 'plain_text' && type !== 'mrkdwn') {
    out.push(`${path}.type: must be plain_text or mrkdwn, got ${JSON.stringify(type)}`);
  } else if (rule.plainOnly && type !== 'plain_text') {
    out.push(`${path}.type: must be plain_text`);
  }
  if (typeof text !== 'string' || text.length === 0) {
    out.push(`${path}.text: must be a non-empty string`);
  } else if (text.length > rule.max) {
    out.push(`${path}.text: ${text.length} characters, more than ${rule.max}`);
  }
}

function checkIdentifier(value: unknown, path: string, out: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0) {
    out.push(`${path}: must be a non-empty string`);
  } else if (value.length > BLOCK_LIMITS.identifier) {
    out.push(`${path}: ${value.length} characters, more than ${BLOCK_LIMITS.identifier}`);
  }
}

function checkMaxString(value: unknown, path: string, max: number, out: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    out.push(`${path}: must be a string`);
  } else if (value.length > max) {
    out.push(`${path}: ${value.length} characters, more than ${max}`);
  }
}

/** Interactive elements (buttons, selects, inputs…): what every one shares, plus button specifics. */
function checkElement(element: unknown, path: string, out: string[]): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    out.push(`${path}: must be an element object with a type`);
    return;
  }
  checkIdentifier(element.action_id, `${path}.action_id`, out);
  if (element.type === 'button') {
    checkTextObject(element.text, `${path}.text`, { max: BLOCK_LIMITS.buttonText, plainOnly: true }, out);
    checkMaxString(element.value, `${path}.value`, BLOCK_LIMITS.buttonValue, out);
    checkMaxString(element.url, `${path}.url`, BLOCK_LIMITS.buttonUrl, out);
  }
}

function checkUniqueActionIds(elements: unknown[], path: string, out: string[]): void {
  const seen = new Set<string>();
  for (const element of elements) {
    if (!isObject(element) || typeof element.action_id !== 'string') continue;
    if (seen.has(element.action_id))
      out.push(`${path}: duplicate action_id ${JSON.stringify(element.action_id)}`);
    seen.add(element.action_id);
  }
}

function checkSection(block: JsonObject, path: string, out: string[]): void {
  if (block.text === undefined && block.fields === undefined) {
    out.push(`${path}: a section needs text or fields`);
  }
  if (block.text !== undefined) {
    checkTextObject(block.text, `${path}.text`, { max: BLOCK_LIMITS.sectionText }, out);
  }
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields) || block.fields.length === 0) {
      out.push(`${path}.fields: must be a non-empty array`);
    } else {
      if (block.fields.length > BLOCK_LIMITS.sectionFields) {
        out.push(`${path}.fields: ${block.fields.length} fields, more than ${BLOCK_LIMITS.sectionFields}`);
      }
      block.fields.forEach((field, index) => {
        checkTextObject(field, `${path}.fields[${index}]`, { max: BLOCK_LIMITS.sectionFieldText }, out);
      });
    }
  }
  if (block.accessory !== undefined) checkElement(block.accessory, `${path}.accessory`, out);
}

function checkContext(block: JsonObject, path: string, out: string[]): void {
  const { elements } = block;
  if (!Array.isArray(elements) || elements.length === 0) {
    out.push(`${path}.elements: must be a non-empty array`);
    return;
  }
  if (elements.length > BLOCK_LIMITS.contextElements) {
    out.push(`${path}.elements: ${elements.length} elements, more than ${BLOCK_LIMITS.contextElements}`);
  }
  elements.forEach((element, index) => {
    const elementPath = `${path}.elements[${index}]`;
    if (isObject(element) && element.type === 'image') {
      checkImageSource(element, elementPath, out);
    } else {
      checkTextObject(element, elementPath, { max: BLOCK_LIMITS.sectionText }, out);
    }
  });
}

function checkActions(block: JsonObject, path: string, out: string[]): void {
  const { elements } = block;
  if (!Array.isArray(elements) || elements.length === 0) {
    out.push(`${path}.elements: must be a non-empty array`);
    return;
  }
  if (elements.length > BLOCK_LIMITS.actionsElements) {
    out.push(`${path}.elements: ${elements.length} elements, more than ${BLOCK_LIMITS.actionsElements}`);
  }
  elements.forEach((element, index) => {
    checkElement(element, `${path}.elements[${index}]`, out);
  });
  checkUniqueActionIds(elements, `${path}.elements`, out);
}

function checkInput(block: JsonObject, path: string, surface: BlockSurface, out: string[]): void {
  if (surface !== 'modal') out.push(`${path}: input blocks are only allowed in modals`);
  checkTextObject(block.label, `${path}.label`, { max: BLOCK_LIMITS.inputLabel, plainOnly: true }, out);
  if (block.hint !== undefined) {
    checkTextObject(block.hint, `${path}.hint`, { max: BLOCK_LIMITS.inputHint, plainOnly: true }, out);
  }
  if (block.element === undefined) out.push(`${path}.element: required`);
  else checkElement(block.element, `${path}.element`, out);
}

function checkImageSource(image: JsonObject, path: string, out: string[]): void {
  if (typeof image.image_url !== 'string' && !isObject(image.slack_file)) {
    out.push(`${path}: needs image_url or slack_file`);
  }
  if (typeof image.alt_text !== 'string' || image.alt_text.length === 0) {
    out.push(`${path}.alt_text: must be a non-empty string`);
  } else if (image.alt_text.length > BLOCK_LIMITS.imageAltText) {
    out.push(`${path}.alt_text: ${image.alt_text.length} characters, more than ${BLOCK_LIMITS.imageAltText}`);
  }
}

function checkBlock(block: unknown, path: string, surface: BlockSurface, out: string[]): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    out.push(`${path}: must be a block object with a type`);
    return;
  }
  checkIdentifier(block.block_id, `${path}.block_id`, out);
  switch (block.type) {
    case 'section':
      checkSection(block, path, out);
      break;
    case 'header':
      checkTextObject(block.text, `${path}.text`, { max: BLOCK_LIMITS.headerText, plainOnly: true }, out);
      break;
    case 'context':
      checkContext(block, path, out);
      break;
    case 'actions':
      checkActions(block, path, out);
      break;
    case 'input':
      checkInput(block, path, surface, out);
      break;
    case 'image':
      checkImageSource(block, path, out);
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements)) out.push(`${path}.elements: must be an array`);
      break;
    case 'divider':
      break;
    default:
      out.push(`${path}.type: unknown block type ${JSON.stringify(block.type)}`);
  }
}

/** Violations of Slack's limits for a `blocks` array on a message or a modal. */
export function checkBlocks(blocks: unknown, surface: BlockSurface, path = 'blocks'): string[] {
  if (!Array.isArray(blocks)) return [`${path}: must be an array`];
  const out: string[] = [];
  const max = surface === 'modal' ? BLOCK_LIMITS.modalBlocks : BLOCK_LIMITS.messageBlocks;
  if (blocks.length > max)
    out.push(`${path}: ${blocks.length} blocks, more than ${max} allowed in a ${surface}`);
  const seenBlockIds = new Set<string>();
  blocks.forEach((block, index) => {
    const blockPath = `${path}[${index}]`;
    checkBlock(block, blockPath, surface, out);
    if (isObject(block) && typeof block.block_id === 'string') {
      if (seenBlockIds.has(block.block_id)) {
        out.push(`${blockPath}.block_id: duplicate block_id ${JSON.stringify(block.block_id)}`);
      }
      seenBlockIds.add(block.block_id);
    }
  });
  return out;
}

/** Violations for a modal view object, as views.open / views.update / views.push receive it. */
export function checkView(view: unknown): string[] {
  if (!isObject(view)) return ['view: must be an object'];
  const out: string[] = [];
  if (view.type !== 'modal') out.push(`view.type: must be modal, got ${JSON.stringify(view.type)}`);
  checkTextObject(view.title, 'view.title', { max: BLOCK_LIMITS.viewTitle, plainOnly: true }, out);
  for (const key of ['submit', 'close'] as const) {
    if (view[key] !== undefined && view[key] !== null) {
      checkTextObject(view[key], `view.${key}`, { max: BLOCK_LIMITS.viewButton, plainOnly: true }, out);
    }
  }
  checkMaxString(view.private_metadata, 'view.private_metadata', BLOCK_LIMITS.privateMetadata, out);
  checkMaxString(view.callback_id, 'view.callback_id', BLOCK_LIMITS.callbackId, out);
  checkMaxString(view.external_id, 'view.external_id', BLOCK_LIMITS.identifier, out);
  out.push(...checkBlocks(view.blocks, 'modal', 'view.blocks'));
  const hasInput =
    Array.isArray(view.blocks) && view.blocks.some((block) => isObject(block) && block.type === 'input');
  if (hasInput && (view.submit === undefined || view.submit === null)) {
    out.push('view.submit: required when the view has input blocks');
  }
  return out;
}

export interface MessageContent {
  text?: unknown;
  blocks?: unknown;
}

/**
 * Violations for a message body. A non-empty `text` is required even with blocks: it is what
 * notifications, screen readers and search show, and our rule is to always send one.
 */
export function checkMessage(message: MessageContent): string[] {
  const out: string[] = [];
  if (typeof message.text !== 'string' || message.text.trim().length === 0) {
    out.push('text: a non-empty text fallback is required');
  } else if (message.text.length > BLOCK_LIMITS.messageText) {
    out.push(`text: ${message.text.length} characters, more than ${BLOCK_LIMITS.messageText}`);
  }
  if (message.blocks !== undefined && message.blocks !== null) {
    out.push(...checkBlocks(message.blocks, 'message'));
  }
  return out;
}
