import type { JournalEntry } from '../../lookups/lookupStore.js';
import { slackPlatformError } from '../slackApiErrors.js';
import { classifyDeliveryFailure } from './deliveryFailure.js';
import type { Outbox } from './outbox.js';

/**
 * An outbox that remembers each Slack call a delivery has made: run again after a failure or a restart,
 * the calls already made give what they gave the first time — a posted message's ts, or the same
 * refusal (a closed modal's not_found), so the flow takes the same branch — instead of calling twice.
 * Calls are numbered in the order the delivery makes them; a delivery is deterministic given its stored
 * request and answer, so call N is the same call every time. A call that failed for now (429, 5xx, the
 * network) is not recorded: the retry makes it again.
 */
export function journaledOutbox(
  outbox: Outbox,
  done: ReadonlyArray<JournalEntry | null>,
  record: (index: number, entry: JournalEntry) => Promise<void>,
): Outbox {
  let next = 0;
  const step = async <T extends string | undefined>(call: () => Promise<T>): Promise<T> => {
    const index = next;
    next += 1;
    const earlier = done[index];
    if (earlier !== undefined && earlier !== null) {
      if ('refused' in earlier) throw refusedAgain(earlier.refused);
      return (earlier.ok ?? undefined) as T;
    }
    let result: T;
    try {
      result = await call();
    } catch (error) {
      const refusal = slackPlatformError(error);
      if (refusal !== undefined && classifyDeliveryFailure(error).kind === 'permanent') {
        await record(index, { refused: refusal });
      }
      throw error;
    }
    await record(index, { ok: result ?? null });
    return result;
  };
  return {
    post: (channel, message, threadTs) => step(() => outbox.post(channel, message, threadTs)),
    update: (channel, ts, message) => step(async () => void (await outbox.update(channel, ts, message))),
    postEphemeral: (url, message) => step(async () => void (await outbox.postEphemeral(url, message))),
    replaceEphemeral: (url, message) => step(async () => void (await outbox.replaceEphemeral(url, message))),
    replyPrivately: (audience, message) =>
      step(async () => void (await outbox.replyPrivately(audience, message))),
    shareFilesInDm: (userId, files, comment) =>
      step(async () => void (await outbox.shareFilesInDm(userId, files, comment))),
    shareFilesInThread: (channelId, threadTs, files, comment) =>
      step(async () => void (await outbox.shareFilesInThread(channelId, threadTs, files, comment))),
    openView: (triggerId, view) => step(async () => void (await outbox.openView(triggerId, view))),
    updateView: (viewId, view) => step(async () => void (await outbox.updateView(viewId, view))),
    openDm: (userId) => step(() => outbox.openDm(userId)),
    publishHome: (userId, view) => step(async () => void (await outbox.publishHome(userId, view))),
  };
}

/** The refusal as the Web API client reports one, so flows that catch it (slackPlatformError) catch this. */
function refusedAgain(code: string): Error {
  return Object.assign(new Error(`An API error occurred: ${code}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: code },
  });
}
