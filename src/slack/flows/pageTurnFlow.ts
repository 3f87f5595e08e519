import { juheErrorOutcome } from '../../audit/auditLog.js';
import { JuheError } from '../../juhe/errorTypes.js';
import type { AppServices } from '../appServices.js';
import { juheErrorMessage } from '../blocks/errors.js';
import { riskPageMessage } from '../blocks/riskPage.js';
import type { RequestScope } from '../middleware/requestScope.js';
import type { PageCursor } from '../pageCursor.js';
import { ResponseUrlError, ResponseUrlRefusedError } from '../responseUrl.js';
import { auditSubject, footerOf } from './riskFlow.js';
import { pageAuditOutcome } from './riskOutcome.js';

/** A click on Prev / Next / "Show all": the message it sits on is updated in place. */
export interface PageTurn {
  cursor: PageCursor;
  /** the message holding the button (in the scope's channel) */
  messageTs: string;
  isEphemeral: boolean;
}

export async function runPageTurn(services: AppServices, scope: RequestScope, turn: PageTurn): Promise<void> {
  const { cursor } = turn;
  const { audit, outbox, audience } = scope;
  await audit.describe({
    api: 'risk',
    type: String(cursor.type),
    subject: auditSubject(cursor),
    purpose: null,
    consent: null,
  });

  let fetched: Awaited<ReturnType<AppServices['screening']['fetchPage']>>;
  try {
    fetched = await services.screening.fetchPage({
      keyword: cursor.keyword,
      realname: cursor.realname,
      type: cursor.type,
      pageIndex: cursor.pageIndex,
      pageSize: cursor.pageSize,
    });
  } catch (error) {
    if (!(error instanceof JuheError)) throw error;
    await audit.complete(juheErrorOutcome(error));
    // The page on screen stays as it is; the failure is told privately.
    await outbox.replyPrivately(
      audience,
      juheErrorMessage({ locale: services.locale, api: 'risk', category: error.category, code: error.code }),
    );
    return;
  }
  await audit.complete(pageAuditOutcome(fetched));
  const message = riskPageMessage({
    locale: services.locale,
    subject: { keyword: cursor.keyword, realname: cursor.realname },
    page: fetched.page,
    footer: footerOf(scope.userId, [fetched], services.now()),
  });
  if (!turn.isEphemeral) {
    await outbox.update(audience.channelId, turn.messageTs, message);
    return;
  }
  // An ephemeral message can only be replaced through the click's response_url. When there is none, or
  // Slack refuses it (used up, expired) or it is not Slack's, the page (maybe billed) still reaches the
  // clicker as a new private message.
  const { responseUrl, ...withoutResponseUrl } = audience;
  if (responseUrl) {
    try {
      await outbox.replaceEphemeral(responseUrl, message);
      return;
    } catch (error) {
      if (!(error instanceof ResponseUrlRefusedError || error instanceof ResponseUrlError)) throw error;
      services.logger.info({ err: error }, 'could not replace the page in place; sending it privately');
    }
  }
  await outbox.replyPrivately(withoutResponseUrl, message);
}
