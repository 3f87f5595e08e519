import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { KEYWORD_MAX_CHARS } from '../../domain/riskKeyword.js';
import type { RiskScope } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { riskScopeName } from './riskText.js';
import { mrkdwn, plain, SLACK_LIMITS } from './text.js';

/** Input lengths the modal allows; the command parser and Juhe accept at least this much. */
export const REALNAME_MAX_LENGTH = 60;

/** Slack rejects a view whose initial_value is longer than its max_length; cut between code points. */
function clip(value: string | undefined, maxLength: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  let kept = '';
  for (const ch of value) {
    if (kept.length + ch.length > maxLength) break;
    kept += ch;
  }
  return kept;
}

/** Slack limits private_metadata; the caller's metadata is small (see viewMetadata.ts), so this is a bug guard. */
export function checkPrivateMetadata(privateMetadata: string): string {
  if (privateMetadata.length > SLACK_LIMITS.privateMetadata) {
    throw new RangeError(
      `private_metadata is ${privateMetadata.length} characters; Slack allows ${SLACK_LIMITS.privateMetadata}`,
    );
  }
  return privateMetadata;
}

export function textInput(input: {
  blockId: string;
  actionId: string;
  label: string;
  hint?: string;
  placeholder?: string;
  initialValue?: string;
  maxLength?: number;
  multiline?: boolean;
}): InputBlock {
  return {
    type: 'input',
    block_id: input.blockId,
    label: plain(input.label, SLACK_LIMITS.fieldText),
    ...(input.hint ? { hint: plain(input.hint, SLACK_LIMITS.fieldText) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: input.actionId,
      ...(input.placeholder ? { placeholder: plain(input.placeholder, SLACK_LIMITS.placeholder) } : {}),
      ...(input.initialValue ? { initial_value: input.initialValue } : {}),
      ...(input.maxLength ? { max_length: input.maxLength } : {}),
      ...(input.multiline ? { multiline: true } : {}),
    },
  };
}

const SCOPES: readonly RiskScope[] = ['all', 1, 2, 3];

function scopeOption(locale: Locale, scope: RiskScope): PlainTextOption {
  const label = scope === 'all' ? t(locale, 'modal.type.all') : riskScopeName(locale, scope);
  return { text: plain(label, SLACK_LIMITS.optionText), value: String(scope) };
}

/** The subject's inputs: keyword, name and source, prefilled where known (the risk and watch modals). */
export function subjectInputBlocks(
  locale: Locale,
  initial: { keyword?: string; realname?: string; scope?: RiskScope } | undefined,
  typeLabel: string = t(locale, 'modal.type.label'),
): InputBlock[] {
  const keyword = clip(initial?.keyword, KEYWORD_MAX_CHARS);
  const realname = clip(initial?.realname, REALNAME_MAX_LENGTH);
  return [
    textInput({
      blockId: BLOCK_IDS.keyword,
      actionId: INPUT_ACTION_IDS.keyword,
      label: t(locale, 'modal.keyword.label'),
      hint: t(locale, 'modal.keyword.hint'),
      placeholder: t(locale, 'modal.keyword.placeholder'),
      maxLength: KEYWORD_MAX_CHARS,
      ...(keyword ? { initialValue: keyword } : {}),
    }),
    textInput({
      blockId: BLOCK_IDS.realname,
      actionId: INPUT_ACTION_IDS.realname,
      label: t(locale, 'modal.realname.label'),
      hint: t(locale, 'modal.realname.hint'),
      placeholder: t(locale, 'modal.realname.placeholder'),
      maxLength: REALNAME_MAX_LENGTH,
      ...(realname ? { initialValue: realname } : {}),
    }),
    {
      type: 'input',
      block_id: BLOCK_IDS.type,
      label: plain(typeLabel),
      element: {
        type: 'static_select',
        action_id: INPUT_ACTION_IDS.type,
        options: SCOPES.map((scope) => scopeOption(locale, scope)),
        initial_option: scopeOption(locale, initial?.scope ?? 'all'),
      },
    },
  ];
}

/** `/risk` alone, or the "Risk check" message shortcut: keyword, name and source. */
export function riskQueryModal(input: {
  locale: Locale;
  initial?: { keyword?: string; realname?: string; scope?: RiskScope };
  privateMetadata: string;
}): ModalView {
  const { locale, initial } = input;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.riskQuery,
    private_metadata: checkPrivateMetadata(input.privateMetadata),
    title: plain(t(locale, 'modal.risk.title'), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.risk.submit'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.cancel'), SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'modal.risk.intro')) },
      ...subjectInputBlocks(locale, initial),
    ],
  };
}
