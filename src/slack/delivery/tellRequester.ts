import type { PlainMessageKey } from '../../i18n/catalog.js';
import type { AppServices } from '../appServices.js';
import { noticeModal } from '../blocks/modalNotices.js';
import { CALLBACK_IDS } from '../ids.js';
import type { SlackMessage } from '../message.js';
import type { RequestScope } from '../middleware/requestScope.js';

function noticeTitle(callbackId: string | undefined): PlainMessageKey {
  return callbackId === CALLBACK_IDS.financeQuery ? 'modal.finance.title' : 'modal.risk.title';
}

/**
 * Tells the requester something only they should see (a refusal, an unexpected failure), in the
 * best place the surface still offers: a command's or modal's own ack while it is unanswered (the
 * ephemeral reply, the modal turned into a notice), otherwise a private reply.
 */
export async function tellRequester(
  services: Pick<AppServices, 'locale'>,
  scope: RequestScope,
  message: SlackMessage,
): Promise<void> {
  if (!scope.ack.done) {
    if (scope.surface === 'command') {
      await scope.ackWithMessage(message);
      return;
    }
    if (scope.surface === 'modal') {
      await scope.ackWithView(
        noticeModal({ locale: services.locale, message, title: noticeTitle(scope.view?.callbackId) }),
      );
      return;
    }
    await scope.ack();
  }
  await scope.outbox.replyPrivately(scope.audience, message);
}
