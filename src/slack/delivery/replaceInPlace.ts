import type { Logger } from '../../logging/logger.js';
import type { JuheDataMessage, SlackMessage } from '../message.js';
import { ResponseUrlError, ResponseUrlRefusedError } from '../responseUrl.js';
import type { Outbox } from './outbox.js';
import type { PrivateAudience } from './privateReply.js';

/**
 * A private answer that takes the place of the ephemeral message the response_url posted or was issued
 * for (a "Screening…" notice, the page clicked). An ephemeral message can only be replaced through that
 * URL: when there is none, or Slack refuses it (used up, expired) or it is not Slack's, the answer
 * (maybe billed) still reaches the person as a new private message.
 */
export async function replaceEphemeralOrReply(
  deps: { outbox: Outbox; logger: Logger },
  responseUrl: string | undefined,
  audience: PrivateAudience,
  message: SlackMessage | JuheDataMessage,
): Promise<void> {
  const { responseUrl: _used, ...withoutResponseUrl } = audience;
  if (responseUrl) {
    try {
      await deps.outbox.replaceEphemeral(responseUrl, message);
      return;
    } catch (error) {
      if (!(error instanceof ResponseUrlRefusedError || error instanceof ResponseUrlError)) throw error;
      deps.logger.info({ err: error }, 'could not replace the message in place; sending it privately');
    }
  }
  await deps.outbox.replyPrivately(withoutResponseUrl, message);
}
