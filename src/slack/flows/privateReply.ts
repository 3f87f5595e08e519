import type { webApi } from '@slack/bolt';
import type { AppServices } from '../appServices.js';
import type { SlackMessage } from '../message.js';
import { postToResponseUrl } from '../responseUrl.js';

/** Where a reply only the requester sees can go. */
export interface PrivateAudience {
  userId: string;
  channelId: string;
  /** response_url of the command, shortcut or button; works even where the bot is not a member */
  responseUrl?: string;
  /** show it inside this thread (message shortcut) */
  threadTs?: string;
}

/**
 * An ephemeral reply. Inside a thread only chat.postEphemeral can place it; it needs the bot in the
 * channel, so the response_url (always allowed) is the fallback.
 */
export async function replyPrivately(
  services: Pick<AppServices, 'present'>,
  client: webApi.WebClient,
  audience: PrivateAudience,
  reply: SlackMessage,
): Promise<void> {
  const message = services.present.message(reply);
  if (audience.threadTs !== undefined || audience.responseUrl === undefined) {
    try {
      await client.chat.postEphemeral({
        channel: audience.channelId,
        user: audience.userId,
        text: message.text,
        blocks: message.blocks,
        ...(audience.threadTs ? { thread_ts: audience.threadTs } : {}),
      });
      return;
    } catch (error) {
      if (audience.responseUrl === undefined) throw error;
    }
  }
  await postToResponseUrl(audience.responseUrl, { response_type: 'ephemeral', ...message });
}
