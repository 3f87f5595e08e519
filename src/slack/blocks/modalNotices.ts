import type { ModalView } from '@slack/types';
import { type Locale, type PlainMessageKey, t } from '../../i18n/catalog.js';
import { CALLBACK_IDS } from '../ids.js';
import type { SlackMessage } from '../message.js';
import { mrkdwn, plain, SLACK_LIMITS } from './text.js';

/** What the /finance modal shows between submit and Juhe's answer (the submission acks with this at once). */
export function financeLoadingModal(locale: Locale): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.financeQuery,
    title: plain(t(locale, 'loading.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: [{ type: 'section', text: mrkdwn(t(locale, 'loading.finance')) }],
  };
}

/** Any message (refusal, unexpected error) shown inside a modal instead of in a channel. */
export function noticeModal(input: {
  locale: Locale;
  message: SlackMessage;
  title: PlainMessageKey;
}): ModalView {
  const { locale } = input;
  return {
    type: 'modal',
    title: plain(t(locale, input.title), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: input.message.blocks.slice(0, SLACK_LIMITS.modalBlocks),
  };
}
