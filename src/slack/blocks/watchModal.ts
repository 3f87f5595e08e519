import type { KnownBlock, ModalView } from '@slack/types';
import { PURPOSE_MAX_LENGTH } from '../../domain/purpose.js';
import type { RiskScope } from '../../domain/riskType.js';
import type { WatchCost } from '../../domain/watchCost.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { formatCstTime } from './footer.js';
import { checkPrivateMetadata, subjectInputBlocks, textInput } from './riskModal.js';
import { mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { type WatchedSubject, watchCostText, watchSubjectText } from './watchText.js';

/** Where this watch's alerts will go, said before the analyst commits to it. */
export type AlertsGoTo = { kind: 'thread'; channel: string } | { kind: 'dm' };

function contextBlock(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

function alertsText(locale: Locale, alertsTo: AlertsGoTo): string {
  return alertsTo.kind === 'thread'
    ? t(locale, 'modal.watch.alertsToThread', { channel: alertsTo.channel })
    : t(locale, 'modal.watch.alertsToDm');
}

/**
 * The `risk_watch` modal: the subject (keyword, name, sources; prefilled from the result or the command)
 * and the purpose, required as for /finance; with where alerts go, what a check costs and when it ends.
 */
export function riskWatchModal(input: {
  locale: Locale;
  initial: { keyword?: string; realname?: string; scope?: RiskScope };
  alertsTo: AlertsGoTo;
  /** the cost of the prefilled sources */
  cost: WatchCost;
  schedule: string;
  endsOn: Date;
  privateMetadata: string;
}): ModalView {
  const { locale } = input;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.riskWatch,
    private_metadata: checkPrivateMetadata(input.privateMetadata),
    title: plain(t(locale, 'modal.watch.title'), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.watch.submit'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.cancel'), SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'modal.watch.intro')) },
      ...subjectInputBlocks(locale, input.initial, t(locale, 'modal.watch.type.label')),
      textInput({
        blockId: BLOCK_IDS.purpose,
        actionId: INPUT_ACTION_IDS.purpose,
        label: t(locale, 'modal.watch.purpose.label'),
        hint: t(locale, 'modal.watch.purpose.hint'),
        maxLength: PURPOSE_MAX_LENGTH,
        multiline: true,
      }),
      contextBlock(alertsText(locale, input.alertsTo)),
      contextBlock(watchCostText(locale, input.cost, input.schedule)),
      contextBlock(t(locale, 'watch.ends', { date: formatCstTime(input.endsOn).slice(0, 10) })),
    ],
  };
}

/** The modal after a watch was started: what is watched, where alerts go, the cost of the chosen sources. */
export function watchStartedView(input: {
  locale: Locale;
  subject: WatchedSubject;
  alertsTo: AlertsGoTo;
  cost: WatchCost;
  schedule: string;
  nextCheck: Date;
  endsOn: Date;
}): ModalView {
  const { locale } = input;
  return {
    type: 'modal',
    title: plain(t(locale, 'watch.started.title'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalTitle),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          t(locale, 'watch.started', {
            subject: watchSubjectText(locale, input.subject),
            next: formatCstTime(input.nextCheck),
          }),
        ),
      },
      contextBlock(alertsText(locale, input.alertsTo)),
      contextBlock(watchCostText(locale, input.cost, input.schedule)),
      contextBlock(t(locale, 'watch.ends', { date: formatCstTime(input.endsOn).slice(0, 10) })),
    ],
  };
}
