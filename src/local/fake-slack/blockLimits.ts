/**
 * Slack's Block Kit limits, as the fake Web API enforces them. Each check returns a list of
 * human-readable violations (empty = within limits), each starting with a JSON-ish path so a
 * failing test points at the offending block.
 */

/** Where blocks are shown: a message, a modal, or an app's Home tab (views.publish). */
export type BlockSurface = 'message' | 'modal' | 'home';

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
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
  placeholder: 150,
  textInputLength: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  choiceOptions: 10,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  imageAltText: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  messageText: 40_000,
  fileInputMaxFiles: 10,
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
  // Slack's schema has `emoji` on plain_text only; on mrkdwn the whole payload is refused.
  if (type === 'mrkdwn' && value.emoji !== undefined) {
    out.push(`${path}.emoji: only allowed on plain_text`);
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

const BUTTON_STYLES: ReadonlySet<unknown> = new Set(['primary', 'danger']);

function checkButton(element: JsonObject, path: string, out: string[]): void {
  checkTextObject(element.text, `${path}.text`, { max: BLOCK_LIMITS.buttonText, plainOnly: true }, out);
  checkMaxString(element.value, `${path}.value`, BLOCK_LIMITS.buttonValue, out);
  checkMaxString(element.url, `${path}.url`, BLOCK_LIMITS.buttonUrl, out);
  if (element.style !== undefined && !BUTTON_STYLES.has(element.style)) {
    out.push(`${path}.style: must be primary or danger, got ${JSON.stringify(element.style)}`);
  }
}

function checkPlaceholder(element: JsonObject, path: string, out: string[]): void {
  if (element.placeholder === undefined) return;
  checkTextObject(
    element.placeholder,
    `${path}.placeholder`,
    { max: BLOCK_LIMITS.placeholder, plainOnly: true },
    out,
  );
}

/** A length setting of plain_text_input: a whole number Slack allows, else undefined. */
function lengthSetting(
  element: JsonObject,
  key: string,
  min: number,
  path: string,
  out: string[],
): number | undefined {
  const value = element[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    out.push(`${path}.${key}: must be a whole number of at least ${min}`);
    return undefined;
  }
  if (value > BLOCK_LIMITS.textInputLength) {
    out.push(`${path}.${key}: ${value}, more than ${BLOCK_LIMITS.textInputLength}`);
    return undefined;
  }
  return value;
}

function checkTextInput(element: JsonObject, path: string, out: string[]): void {
  checkPlaceholder(element, path, out);
  const maxLength = lengthSetting(element, 'max_length', 1, path, out);
  const minLength = lengthSetting(element, 'min_length', 0, path, out);
  if (maxLength !== undefined && minLength !== undefined && minLength > maxLength) {
    out.push(`${path}.min_length: ${minLength}, more than max_length ${maxLength}`);
  }
  const initial = element.initial_value;
  if (initial === undefined) return;
  if (typeof initial !== 'string') {
    out.push(`${path}.initial_value: must be a string`);
  } else if (maxLength !== undefined && initial.length > maxLength) {
    out.push(`${path}.initial_value: ${initial.length} characters, more than max_length ${maxLength}`);
  } else if (initial.length > BLOCK_LIMITS.textInputLength) {
    out.push(
      `${path}.initial_value: ${initial.length} characters, more than ${BLOCK_LIMITS.textInputLength}`,
    );
  }
}

/** Option objects: select options are plain_text only; checkboxes and radio buttons allow mrkdwn. */
function checkOption(option: unknown, path: string, plainOnly: boolean, out: string[]): void {
  if (!isObject(option)) {
    out.push(`${path}: must be an option object`);
    return;
  }
  checkTextObject(option.text, `${path}.text`, { max: BLOCK_LIMITS.optionText, plainOnly }, out);
  if (typeof option.value !== 'string' || option.value.length === 0) {
    out.push(`${path}.value: must be a non-empty string`);
  } else if (option.value.length > BLOCK_LIMITS.optionValue) {
    out.push(`${path}.value: ${option.value.length} characters, more than ${BLOCK_LIMITS.optionValue}`);
  }
  if (option.description !== undefined) {
    checkTextObject(
      option.description,
      `${path}.description`,
      { max: BLOCK_LIMITS.optionDescription, plainOnly },
      out,
    );
  }
}

function checkOptionList(
  options: unknown,
  path: string,
  max: number,
  plainOnly: boolean,
  out: string[],
): unknown[] {
  if (!Array.isArray(options) || options.length === 0) {
    out.push(`${path}: must be a non-empty array`);
    return [];
  }
  if (options.length > max) out.push(`${path}: ${options.length} options, more than ${max}`);
  options.forEach((option, index) => {
    checkOption(option, `${path}[${index}]`, plainOnly, out);
  });
  return options;
}

/** What identifies an option for Slack's "initial option must be one of the options" rule. */
function optionKey(option: JsonObject): string {
  const text = isObject(option.text) ? option.text : {};
  return JSON.stringify([option.value, text.type, text.text]);
}

/** Slack refuses an initial option that is not exactly one of the element's options. */
function checkInitialOptions(
  element: JsonObject,
  options: readonly unknown[],
  path: string,
  out: string[],
): void {
  const known = new Set(options.filter(isObject).map(optionKey));
  const check = (option: unknown, optionPath: string) => {
    if (!isObject(option) || !known.has(optionKey(option))) {
      const value = isObject(option) ? option.value : undefined;
      out.push(`${optionPath}: must be one of the options, got value ${JSON.stringify(value)}`);
    }
  };
  if (element.initial_option !== undefined) check(element.initial_option, `${path}.initial_option`);
  if (element.initial_options !== undefined) {
    if (!Array.isArray(element.initial_options)) out.push(`${path}.initial_options: must be an array`);
    else
      element.initial_options.forEach((option, index) => {
        check(option, `${path}.initial_options[${index}]`);
      });
  }
}

function checkStaticSelect(element: JsonObject, path: string, out: string[]): void {
  checkPlaceholder(element, path, out);
  let options: unknown[] = [];
  if (element.option_groups !== undefined) {
    const groups = element.option_groups;
    if (!Array.isArray(groups) || groups.length === 0) {
      out.push(`${path}.option_groups: must be a non-empty array`);
    } else {
      if (groups.length > BLOCK_LIMITS.optionGroups) {
        out.push(`${path}.option_groups: ${groups.length} groups, more than ${BLOCK_LIMITS.optionGroups}`);
      }
      groups.forEach((group, index) => {
        const groupPath = `${path}.option_groups[${index}]`;
        if (!isObject(group)) {
          out.push(`${groupPath}: must be an option group object`);
          return;
        }
        checkTextObject(
          group.label,
          `${groupPath}.label`,
          { max: BLOCK_LIMITS.optionGroupLabel, plainOnly: true },
          out,
        );
        const list = checkOptionList(
          group.options,
          `${groupPath}.options`,
          BLOCK_LIMITS.selectOptions,
          true,
          out,
        );
        options = [...options, ...list];
      });
    }
    if (element.options !== undefined) out.push(`${path}: options and option_groups cannot both be set`);
  } else {
    options = checkOptionList(element.options, `${path}.options`, BLOCK_LIMITS.selectOptions, true, out);
  }
  checkInitialOptions(element, options, path, out);
}

function checkChoices(element: JsonObject, path: string, out: string[]): void {
  const options = checkOptionList(element.options, `${path}.options`, BLOCK_LIMITS.choiceOptions, false, out);
  checkInitialOptions(element, options, path, out);
}

/** file_input: `filetypes` a non-empty list of extensions, `max_files` a whole number from 1 to 10. */
function checkFileInput(element: JsonObject, path: string, out: string[]): void {
  const { filetypes, max_files: maxFiles } = element;
  if (filetypes !== undefined) {
    if (!Array.isArray(filetypes) || filetypes.length === 0) {
      out.push(`${path}.filetypes: must be a non-empty array of file extensions`);
    } else {
      filetypes.forEach((type, index) => {
        if (typeof type !== 'string' || !/^[A-Za-z0-9]+$/.test(type)) {
          out.push(
            `${path}.filetypes[${index}]: must be a file extension such as "csv", got ${JSON.stringify(type)}`,
          );
        }
      });
    }
  }
  const max = BLOCK_LIMITS.fileInputMaxFiles;
  if (
    maxFiles !== undefined &&
    (typeof maxFiles !== 'number' || !Number.isInteger(maxFiles) || maxFiles < 1 || maxFiles > max)
  ) {
    out.push(`${path}.max_files: must be a whole number from 1 to ${max}, got ${JSON.stringify(maxFiles)}`);
  }
}

/** Elements Slack takes only as an input block's element, never in actions blocks or as accessories. */
const INPUT_ONLY_ELEMENTS: ReadonlySet<string> = new Set(['file_input']);

/** Interactive elements (buttons, selects, inputs…): what every one shares, plus each type's own rules. */
function checkElement(element: unknown, path: string, out: string[], inInputBlock = false): void {
  if (!isObject(element) || typeof element.type !== 'string') {
    out.push(`${path}: must be an element object with a type`);
    return;
  }
  checkIdentifier(element.action_id, `${path}.action_id`, out);
  if (!inInputBlock && INPUT_ONLY_ELEMENTS.has(element.type)) {
    out.push(`${path}: ${element.type} is only allowed as the element of an input block in a modal`);
  }
  switch (element.type) {
    case 'file_input':
      checkFileInput(element, path, out);
      break;
    case 'button':
      checkButton(element, path, out);
      break;
    case 'plain_text_input':
      checkTextInput(element, path, out);
      break;
    case 'static_select':
      checkStaticSelect(element, path, out);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkChoices(element, path, out);
      break;
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
  else checkElement(block.element, `${path}.element`, out, true);
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

const SURFACE_BLOCKS: Readonly<Record<BlockSurface, number>> = {
  message: BLOCK_LIMITS.messageBlocks,
  modal: BLOCK_LIMITS.modalBlocks,
  home: BLOCK_LIMITS.homeBlocks,
};
const SURFACE_NAMES: Readonly<Record<BlockSurface, string>> = {
  message: 'a message',
  modal: 'a modal',
  home: 'a Home tab',
};

/** Violations of Slack's limits for a `blocks` array on a message, a modal or a Home tab. */
export function checkBlocks(blocks: unknown, surface: BlockSurface, path = 'blocks'): string[] {
  if (!Array.isArray(blocks)) return [`${path}: must be an array`];
  const out: string[] = [];
  const max = SURFACE_BLOCKS[surface];
  if (blocks.length > max)
    out.push(`${path}: ${blocks.length} blocks, more than ${max} allowed in ${SURFACE_NAMES[surface]}`);
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

/**
 * Violations for a Home tab view as views.publish receives it: type `home`, at most 100 blocks, and
 * the same metadata limits as a modal. A Home tab has no title, submit or close. The fake keeps input
 * blocks to modals, as it does for messages (stricter than Slack, which also takes them on a Home tab,
 * but the workbench has no state to give them there).
 */
export function checkHomeView(view: unknown): string[] {
  if (!isObject(view)) return ['view: must be an object'];
  const out: string[] = [];
  if (view.type !== 'home') out.push(`view.type: must be home, got ${JSON.stringify(view.type)}`);
  checkMaxString(view.private_metadata, 'view.private_metadata', BLOCK_LIMITS.privateMetadata, out);
  checkMaxString(view.callback_id, 'view.callback_id', BLOCK_LIMITS.callbackId, out);
  checkMaxString(view.external_id, 'view.external_id', BLOCK_LIMITS.identifier, out);
  out.push(...checkBlocks(view.blocks, 'home', 'view.blocks'));
  return out;
}

/**
 * Violations for a view_submission ack's `response_action: 'errors'` map: Slack refuses the whole
 * response when a key is not the block_id of an input block in the submitted view.
 */
export function checkViewErrors(view: unknown, errors: unknown): string[] {
  if (!isObject(errors)) return ['errors: must be an object keyed by block_id'];
  const blocks = isObject(view) && Array.isArray(view.blocks) ? view.blocks : [];
  const inputBlockIds = new Set(
    blocks.flatMap((block) =>
      isObject(block) && block.type === 'input' && typeof block.block_id === 'string' ? [block.block_id] : [],
    ),
  );
  const out: string[] = [];
  for (const [blockId, message] of Object.entries(errors)) {
    if (!inputBlockIds.has(blockId)) {
      out.push(`errors.${blockId}: not the block_id of an input block in this view`);
    }
    if (typeof message !== 'string' || message.length === 0) {
      out.push(`errors.${blockId}: must be a non-empty string`);
    }
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
