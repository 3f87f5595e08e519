import type { webApi } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import type { SlackMessage } from '../message.js';
import { postToResponseUrl, type ResponseUrlPolicy } from '../responseUrl.js';
import { slackPlatformError } from '../slackApiErrors.js';

/** Where a reply only the requester sees can go. */
export interface PrivateAudience {
  userId: string;
  channelId: string;
  /** response_url of the command, shortcut or button; works even where the bot is not a member */
  responseUrl?: string;
  /** show it inside this thread (message shortcut) */
  threadTs?: string;
}

type Delivery = { via: string; send: () => Promise<unknown> };

/** The app's DM with the person: the one place a private answer can always go. */
export function directMessage(userId: string): PrivateAudience {
  return { userId, channelId: userId };
}

/**
 * An answer only the requester sees, which must not be lost: a billed result may be in it.
 * - Inside a thread only chat.postEphemeral can place it (it needs the bot in the channel).
 * - Otherwise the response_url, which works anywhere, but only five times in thirty minutes.
 * - Last, the app's own DM with the person, which needs nothing but the bot token.
 * Each way is tried in that order until one works. The message arrives presented (see Outbox).
 */
export async function replyPrivately(
  deps: { client: webApi.WebClient; logger: Logger; responseUrlPolicy: ResponseUrlPolicy },
  audience: PrivateAudience,
  message: SlackMessage,
): Promise<void> {
  const { client } = deps;
  const ephemeral: Delivery = {
    via: 'chat.postEphemeral',
    send: () =>
      client.chat.postEphemeral({
        channel: audience.channelId,
        user: audience.userId,
        text: message.text,
        blocks: message.blocks,
        ...(audience.threadTs ? { thread_ts: audience.threadTs } : {}),
      }),
  };
  const responseUrl = audience.responseUrl;
  const viaResponseUrl: Delivery[] = responseUrl
    ? [
        {
          via: 'response_url',
          send: () =>
            postToResponseUrl(deps.responseUrlPolicy, responseUrl, {
              response_type: 'ephemeral',
              // a new message: a button's response_url would otherwise replace the message clicked
              replace_original: false,
              ...message,
            }),
        },
      ]
    : [];
  const directMessage: Delivery = {
    via: 'app DM',
    send: () =>
      client.chat.postMessage({ channel: audience.userId, text: message.text, blocks: message.blocks }),
  };
  const order =
    audience.channelId === audience.userId
      ? [directMessage]
      : audience.threadTs
        ? [ephemeral, ...viaResponseUrl, directMessage]
        : [...viaResponseUrl, ephemeral, directMessage];

  let lastError: unknown;
  for (const delivery of order) {
    try {
      await delivery.send();
      return;
    } catch (error) {
      lastError = error;
      deps.logger.info(
        { via: delivery.via, slackError: slackPlatformError(error) ?? (error as Error).message },
        'private reply not delivered this way; trying the next',
      );
    }
  }
  throw lastError;
}
