import type { webApi } from '@slack/bolt';
import type { HomeView, ModalView } from '@slack/types';
import type { Logger } from '../../logging/logger.js';
import type { JuheDataMessage, JuheDataView, SlackMessage } from '../message.js';
import type { Presenter } from '../presenter.js';
import { postToResponseUrl, type ResponseUrlPolicy } from '../responseUrl.js';
import { type PrivateAudience, replyPrivately } from './privateReply.js';

type Outgoing = SlackMessage | JuheDataMessage;

/** A file for one person's eyes; its bytes may be personal data and are never logged. */
export interface PrivateFile {
  filename: string;
  bytes: Buffer;
}

/**
 * Every way the app puts something in front of a person, for one request. Flows say what goes where;
 * the outbox presents it (sandbox marker) and sends it, so no path reaches Slack unpresented.
 */
export interface Outbox {
  /** a visible message (compliance channel), optionally in a thread; resolves to its ts */
  post(channel: string, message: Outgoing, threadTs?: string): Promise<string>;
  update(channel: string, ts: string, message: Outgoing): Promise<void>;
  /**
   * A new message only the requester sees, through a response_url: the one message a later
   * replaceEphemeral with the same URL replaces (Slack replaces what the URL itself posted).
   */
  postEphemeral(responseUrl: string, message: Outgoing): Promise<void>;
  /** replace an ephemeral message through the response_url Slack sent with the click */
  replaceEphemeral(responseUrl: string, message: Outgoing): Promise<void>;
  /** only the requester sees it; never lost (see privateReply.ts for the order tried) */
  replyPrivately(audience: PrivateAudience, message: Outgoing): Promise<void>;
  /**
   * Files in the person's DM with the app, in one message with `comment` as its text. Never a channel:
   * what goes this way (the audit export) is for that person only.
   */
  shareFilesInDm(userId: string, files: readonly PrivateFile[], comment: string): Promise<void>;
  /**
   * Files in one message of a conversation's thread, with `comment` as its text: an export of a result
   * goes into the compliance thread the result is in, for everyone who may see that thread.
   */
  shareFilesInThread(
    channelId: string,
    threadTs: string,
    files: readonly PrivateFile[],
    comment: string,
  ): Promise<void>;
  openView(triggerId: string, view: ModalView | JuheDataView): Promise<void>;
  updateView(viewId: string, view: ModalView | JuheDataView): Promise<void>;
  /** the app's DM with the person: its channel id (conversations.open), which chat.update needs later */
  openDm(userId: string): Promise<string>;
  /** the person's App Home tab, replaced whole (views.publish) */
  publishHome(userId: string, view: HomeView): Promise<void>;
}

function uploadsOf(files: readonly PrivateFile[]) {
  return files.map((file) => ({ file: file.bytes, filename: file.filename, title: file.filename }));
}

export function createOutbox(deps: {
  client: webApi.WebClient;
  present: Presenter;
  logger: Logger;
  responseUrlPolicy: ResponseUrlPolicy;
}): Outbox {
  const { client, present, logger, responseUrlPolicy } = deps;
  return {
    async post(channel, message, threadTs) {
      const shown = present.message(message);
      const posted = await client.chat.postMessage({
        channel,
        text: shown.text,
        blocks: shown.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return String(posted.ts);
    },
    async update(channel, ts, message) {
      await client.chat.update({ channel, ts, ...present.message(message) });
    },
    async postEphemeral(responseUrl, message) {
      await postToResponseUrl(responseUrlPolicy, responseUrl, {
        response_type: 'ephemeral',
        ...present.message(message),
      });
    },
    async replaceEphemeral(responseUrl, message) {
      await postToResponseUrl(responseUrlPolicy, responseUrl, {
        replace_original: true,
        ...present.message(message),
      });
    },
    replyPrivately(audience, message) {
      return replyPrivately({ client, logger, responseUrlPolicy }, audience, present.message(message));
    },
    async shareFilesInDm(userId, files, comment) {
      // files.completeUploadExternal shares into a conversation ID: the DM's, which conversations.open gives
      const opened = await client.conversations.open({ users: userId });
      const channelId = opened.channel?.id;
      if (!channelId) throw new Error('conversations.open answered without a channel id');
      await client.files.uploadV2({
        channel_id: channelId,
        initial_comment: comment,
        file_uploads: uploadsOf(files),
      });
    },
    async shareFilesInThread(channelId, threadTs, files, comment) {
      await client.files.uploadV2({
        channel_id: channelId,
        thread_ts: threadTs,
        initial_comment: comment,
        file_uploads: uploadsOf(files),
      });
    },
    async openView(triggerId, view) {
      await client.views.open({ trigger_id: triggerId, view: present.view(view) });
    },
    async updateView(viewId, view) {
      await client.views.update({ view_id: viewId, view: present.view(view) });
    },
    async openDm(userId) {
      const opened = await client.conversations.open({ users: userId });
      const channelId = opened.channel?.id;
      if (!channelId) throw new Error('conversations.open answered without a channel id');
      return channelId;
    },
    async publishHome(userId, view) {
      await client.views.publish({ user_id: userId, view: present.home(view) });
    },
  };
}
