import type { InputBlock, ModalView } from '@slack/types';
import { PURPOSE_MAX_LENGTH } from '../../domain/purpose.js';
import { type Locale, t } from '../../i18n/catalog.js';
import { BLOCK_IDS, CALLBACK_IDS, INPUT_ACTION_IDS } from '../ids.js';
import { checkPrivateMetadata, REALNAME_MAX_LENGTH, textInput } from './riskModal.js';
import { mrkdwn, plain, SLACK_LIMITS } from './text.js';

/** The consent checkbox's only option; the submission handler looks for this value. */
export const CONSENT_OPTION_VALUE = 'attested';
/** Room for spaces and a +86 prefix around the 18 / 11 characters. */
const IDCARD_MAX_LENGTH = 24;
const MOBILE_MAX_LENGTH = 24;

/** `/finance`: name, 身份证, mobile, purpose and a consent attestation, all required. */
export function financeQueryModal(input: { locale: Locale; privateMetadata: string }): ModalView {
  const { locale } = input;
  const consent: InputBlock = {
    type: 'input',
    block_id: BLOCK_IDS.consent,
    label: plain(t(locale, 'modal.consent.label')),
    element: {
      type: 'checkboxes',
      action_id: INPUT_ACTION_IDS.consent,
      options: [
        {
          text: plain(t(locale, 'modal.consent.option'), SLACK_LIMITS.optionText),
          description: plain(t(locale, 'modal.consent.description'), SLACK_LIMITS.optionText),
          value: CONSENT_OPTION_VALUE,
        },
      ],
    },
  };
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.financeQuery,
    private_metadata: checkPrivateMetadata(input.privateMetadata),
    title: plain(t(locale, 'modal.finance.title'), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.finance.submit'), SLACK_LIMITS.modalTitle),
    close: plain(t(locale, 'modal.cancel'), SLACK_LIMITS.modalTitle),
    blocks: [
      { type: 'section', text: mrkdwn(t(locale, 'modal.finance.intro')) },
      textInput({
        blockId: BLOCK_IDS.realname,
        actionId: INPUT_ACTION_IDS.realname,
        label: t(locale, 'modal.realname.label'),
        hint: t(locale, 'modal.realname.hint'),
        maxLength: REALNAME_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.idcard,
        actionId: INPUT_ACTION_IDS.idcard,
        label: t(locale, 'modal.idcard.label'),
        hint: t(locale, 'modal.idcard.hint'),
        maxLength: IDCARD_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.mobile,
        actionId: INPUT_ACTION_IDS.mobile,
        label: t(locale, 'modal.mobile.label'),
        hint: t(locale, 'modal.mobile.hint'),
        maxLength: MOBILE_MAX_LENGTH,
      }),
      textInput({
        blockId: BLOCK_IDS.purpose,
        actionId: INPUT_ACTION_IDS.purpose,
        label: t(locale, 'modal.purpose.label'),
        hint: t(locale, 'modal.purpose.hint'),
        maxLength: PURPOSE_MAX_LENGTH,
        multiline: true,
      }),
      consent,
    ],
  };
}
