import type { Locale } from '../../i18n/catalog.js';
import type { Logger } from '../../logging/logger.js';
import {
  appHomeOpenedBody,
  blockActionsPayload,
  checkMessage,
  escapeSlackText,
  FAKE_WORKSPACE,
  type FakeMessage,
  type FakeSlack,
  homeBlockActionsPayload,
  interactionBody,
  messageActionPayload,
  postSignedToSlackEvents,
  type SignedPostResult,
  SLACK_ACK_TIMEOUT_MS,
  slashCommandBody,
  type ViewSubmissionAck,
  viewClosedPayload,
  viewSubmissionPayload,
  withFileInputValues,
} from '../fake-slack/index.js';
import { workbenchText } from './static/strings.js';

/**
 * What the Slack client does on a person's behalf: every command, click and submission becomes the
 * signed request Slack would send to the app's Request URL, and the app's HTTP ack is applied the way
 * Slack applies it. Replies themselves arrive through the fake Web API and response_urls.
 */
export interface WorkbenchSlackClientOptions {
  fake: FakeSlack;
  signingSecret: string;
  logger: Logger;
  /** where the app listens (set once it has started) */
  appUrl: () => string;
  /** how long to wait for the app's ack before giving up; default Slack's 3 s */
  ackTimeoutMs?: number;
  /** the language of Slack's own notices (Slackbot's "failed with the error"); default en */
  locale?: Locale;
}

export type ClientOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      status: number;
      error: string;
      /** Slack itself told the person (a Slackbot line, the modal's error banner): the page adds nothing */
      shownToUser?: true;
    };

const SLACKBOT = 'USLACKBOT';
/** The app did not ack within the timeout; Slack discarded whatever came later. */
const TIMED_OUT = { ok: false, status: 504, error: 'operation_timeout' } as const;

export class WorkbenchSlackClient {
  private readonly fake: FakeSlack;
  private readonly signingSecret: string;
  private readonly logger: Logger;
  private readonly appUrl: () => string;
  private readonly ackTimeoutMs: number;
  private readonly locale: Locale;

  constructor(options: WorkbenchSlackClientOptions) {
    this.fake = options.fake;
    this.signingSecret = options.signingSecret;
    this.logger = options.logger;
    this.appUrl = options.appUrl;
    this.ackTimeoutMs = options.ackTimeoutMs ?? SLACK_ACK_TIMEOUT_MS;
    this.locale = options.locale ?? 'en';
  }

  private post(body: string): Promise<SignedPostResult> {
    return postSignedToSlackEvents(this.appUrl(), body, this.signingSecret, {
      ackTimeoutMs: this.ackTimeoutMs,
    });
  }

  /**
   * The page names the files picked in a file_input by id; Slack sends their file objects. A person can
   * only have picked files they uploaded themselves (the page's upload route), so any other id — someone
   * else's file, the app's, an unknown one — is refused rather than sent.
   */
  private stateValues(
    user: string,
    values: Record<string, Record<string, unknown>>,
  ): Record<string, Record<string, unknown>> | undefined {
    for (const actions of Object.values(values)) {
      for (const value of Object.values(actions)) {
        const entry = value as { type?: unknown; files?: unknown } | null;
        if (entry?.type !== 'file_input') continue;
        if (!Array.isArray(entry.files)) return undefined;
        for (const id of entry.files) {
          if (typeof id !== 'string' || this.fake.fileById(id)?.user !== user) return undefined;
        }
      }
    }
    return withFileInputValues(this.fake, values);
  }

  private isMember(user: string, channel: string): boolean {
    return this.fake.store.channels.get(channel)?.members.includes(user) ?? false;
  }

  /** A line only `user` sees, from Slack itself (as Slack reports a failed command). */
  private slackNotice(user: string, channel: string, text: string): void {
    this.fake.store.addMessage({ channel, user: SLACKBOT, text, ephemeralFor: user, via: 'workbench' });
  }

  /** Slackbot's "/risk failed with the error …" line for a command the app did not answer usably. */
  private commandFailed(user: string, channel: string, command: string, error: string): void {
    this.slackNotice(user, channel, workbenchText(this.locale, 'slackbot.commandFailed', { command, error }));
  }

  /** `/risk …` or `/finance` typed in a channel's composer. */
  async slashCommand(input: {
    user: string;
    channel: string;
    command: string;
    text: string;
  }): Promise<ClientOutcome> {
    const { user, channel, command, text } = input;
    if (!this.isMember(user, channel)) return { ok: false, status: 403, error: 'not_in_channel' };
    const triggerId = this.fake.issueTriggerId({ user, channel });
    const responseUrl = this.fake.createResponseUrl({ channel, user });
    const body = slashCommandBody({
      command,
      text,
      userId: user,
      channelId: channel,
      triggerId,
      responseUrl,
    });
    const result = await this.post(body);
    if (result.timedOut) {
      // Slack stops waiting after 3 s: the command failed for the person, a late ack body is never shown.
      this.commandFailed(user, channel, command, 'operation_timeout');
      return { ...TIMED_OUT, shownToUser: true };
    }
    if (result.status !== 200) {
      this.commandFailed(user, channel, command, 'dispatch_failed');
      return { ok: false, status: result.status, error: 'dispatch_failed', shownToUser: true };
    }
    return this.showCommandAck(user, channel, command, text, result.body);
  }

  /**
   * An ack with a body is the command's first reply: Slack shows it ephemerally (or to the channel,
   * with the invocation above it, for response_type in_channel). It is held to the same limits as
   * any other message; one Slack would refuse becomes Slackbot's "failed with the error" line.
   */
  private showCommandAck(
    user: string,
    channel: string,
    command: string,
    text: string,
    raw: string,
  ): ClientOutcome {
    if (raw.trim() === '') return { ok: true, status: 200 };
    let ack: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      ack =
        typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { text: raw };
    } catch {
      ack = { text: raw };
    }
    const content = {
      text: typeof ack.text === 'string' ? ack.text : '',
      ...(Array.isArray(ack.blocks) ? { blocks: ack.blocks as unknown[] } : {}),
    };
    const store = this.fake.store;
    const violations = checkMessage(content);
    if (violations.length > 0) {
      const strict = this.fake.strictLimits;
      store.recordViolation({ method: 'command_ack', at: store.now(), violations, rejected: strict });
      if (strict) {
        const onlyText = violations.every((violation) => violation.startsWith('text:'));
        const error = onlyText ? 'no_text' : 'invalid_blocks';
        this.commandFailed(user, channel, command, error);
        return { ok: false, status: 502, error, shownToUser: true };
      }
    }
    if (ack.response_type === 'in_channel') {
      store.addMessage({
        channel,
        user,
        text: escapeSlackText(`${command} ${text}`.trim()),
        via: 'workbench',
      });
      store.addMessage({
        channel,
        user: FAKE_WORKSPACE.botUserId,
        botId: FAKE_WORKSPACE.botId,
        ...content,
        via: 'command_ack',
      });
      return { ok: true, status: 200 };
    }
    store.addMessage({
      channel,
      user: FAKE_WORKSPACE.botUserId,
      botId: FAKE_WORKSPACE.botId,
      ...content,
      ephemeralFor: user,
      via: 'command_ack',
    });
    return { ok: true, status: 200 };
  }

  /**
   * Plain text typed in the composer: a message by the person (the app is not subscribed to these).
   * Slack stores typed `&`, `<`, `>` as entities, and that is what a message shortcut later carries.
   */
  postMessage(input: { user: string; channel: string; text: string; threadTs?: string }): ClientOutcome {
    if (!this.isMember(input.user, input.channel)) return { ok: false, status: 403, error: 'not_in_channel' };
    if (input.threadTs && !this.fake.store.findMessage(input.channel, input.threadTs)) {
      return { ok: false, status: 404, error: 'thread_not_found' };
    }
    this.fake.store.addMessage({
      channel: input.channel,
      user: input.user,
      text: escapeSlackText(input.text),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      via: 'workbench',
    });
    return { ok: true, status: 200 };
  }

  private visibleMessage(user: string, channel: string, ts: string): FakeMessage | undefined {
    const message = this.fake.store.findMessage(channel, ts);
    if (!message || (message.ephemeralFor !== undefined && message.ephemeralFor !== user)) return undefined;
    return message;
  }

  /** A button in a message: block_actions with a response_url bound to that message. */
  async clickMessageButton(input: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    blockId: string;
    value?: string;
    text?: string;
  }): Promise<ClientOutcome> {
    const message = this.visibleMessage(input.user, input.channel, input.messageTs);
    if (!message) return { ok: false, status: 404, error: 'message_not_found' };
    const isEphemeral = message.ephemeralFor !== undefined;
    const responseUrl = this.fake.createResponseUrl({
      channel: input.channel,
      user: input.user,
      messageTs: message.ts,
      ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    });
    const payload = blockActionsPayload({
      user: input.user,
      channel: input.channel,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: input.channel,
        is_ephemeral: isEphemeral,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      // Slack leaves the message out of payloads from ephemeral messages.
      ...(isEphemeral ? {} : { message: messageInPayload(message) }),
      actions: [
        {
          action_id: input.actionId,
          block_id: input.blockId,
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.text !== undefined ? { text: input.text } : {}),
        },
      ],
      trigger_id: this.fake.issueTriggerId({ user: input.user, channel: input.channel }),
      response_url: responseUrl,
    });
    return this.outcomeOf(await this.post(interactionBody(payload)));
  }

  /** A button inside a modal: block_actions carrying the view and what has been typed so far. */
  async clickViewButton(input: {
    user: string;
    viewId: string;
    actionId: string;
    blockId: string;
    value?: string;
    text?: string;
    values: Record<string, Record<string, unknown>>;
  }): Promise<ClientOutcome> {
    const record = this.fake.viewById(input.viewId);
    if (record?.state !== 'open' || record.user !== input.user)
      return { ok: false, status: 404, error: 'not_found' };
    const values = this.stateValues(input.user, input.values);
    if (!values) return { ok: false, status: 400, error: 'file_not_found' };
    record.view.state = { values };
    const payload = blockActionsPayload({
      user: input.user,
      container: { type: 'view', view_id: record.id },
      view: record.view,
      actions: [
        {
          action_id: input.actionId,
          block_id: input.blockId,
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.text !== undefined ? { text: input.text } : {}),
        },
      ],
      trigger_id: this.fake.issueTriggerId({ user: input.user }),
      state: { values },
    });
    return this.outcomeOf(await this.post(interactionBody(payload)));
  }

  /**
   * The person opens the app's Home tab: the Events API's app_home_opened, as JSON, carrying the Home
   * tab published before (if any). What the app publishes in answer arrives through views.publish.
   */
  async openHome(input: { user: string }): Promise<ClientOutcome> {
    const home = this.fake.homeView(input.user);
    const body = appHomeOpenedBody(this.fake, { userId: input.user, ...(home ? { viewId: home.id } : {}) });
    return this.outcomeOf(await this.post(body));
  }

  /**
   * A button on the person's Home tab: block_actions from the view, with no channel and no
   * response_url, as Slack sends it. A view id that is not the Home tab shown now is not_found.
   */
  async clickHomeButton(input: {
    user: string;
    viewId: string;
    actionId: string;
    blockId: string;
    value?: string;
    text?: string;
  }): Promise<ClientOutcome> {
    const home = this.fake.homeView(input.user);
    if (home?.id !== input.viewId) return { ok: false, status: 404, error: 'not_found' };
    const payload = homeBlockActionsPayload({
      user: input.user,
      home,
      actions: [
        {
          action_id: input.actionId,
          block_id: input.blockId,
          ...(input.value !== undefined ? { value: input.value } : {}),
          ...(input.text !== undefined ? { text: input.text } : {}),
        },
      ],
      trigger_id: this.fake.issueTriggerId({ user: input.user }),
    });
    return this.outcomeOf(await this.post(interactionBody(payload)));
  }

  /** The "Risk check" message shortcut on a message. */
  async messageShortcut(input: {
    user: string;
    channel: string;
    messageTs: string;
    callbackId: string;
  }): Promise<ClientOutcome> {
    const message = this.visibleMessage(input.user, input.channel, input.messageTs);
    if (!message || message.ephemeralFor !== undefined)
      return { ok: false, status: 404, error: 'message_not_found' };
    const payload = messageActionPayload({
      callback_id: input.callbackId,
      user: input.user,
      channel: input.channel,
      message: messageInPayload(message),
      trigger_id: this.fake.issueTriggerId({ user: input.user, channel: input.channel }),
      response_url: this.fake.createResponseUrl({ channel: input.channel, user: input.user }),
    });
    return this.outcomeOf(await this.post(interactionBody(payload)));
  }

  /**
   * Submit on a modal. The values become the view's state (Slack keeps what was typed), then the
   * app's ack — errors, update, push, clear or nothing — is applied as Slack applies it.
   */
  async submitView(input: {
    user: string;
    viewId: string;
    values: Record<string, Record<string, unknown>>;
  }): Promise<ClientOutcome> {
    const record = this.fake.viewById(input.viewId);
    if (record?.state !== 'open' || record.user !== input.user)
      return { ok: false, status: 404, error: 'not_found' };
    const values = this.stateValues(input.user, input.values);
    if (!values) return { ok: false, status: 400, error: 'file_not_found' };
    record.view.state = { values };
    const view = record.view;
    const payload = viewSubmissionPayload({
      user: input.user,
      view: {
        id: record.id,
        callback_id: String(view.callback_id ?? ''),
        private_metadata: String(view.private_metadata ?? ''),
        state: { values },
        hash: record.hash,
        ...(isPlainText(view.title) ? { title: view.title } : {}),
        blocks: Array.isArray(view.blocks) ? view.blocks : [],
        root_view_id: record.rootViewId,
        previous_view_id: record.previousViewId,
        ...(record.externalId ? { external_id: record.externalId } : {}),
      },
      trigger_id: this.fake.issueTriggerId({ user: input.user }),
    });
    const hashAtSubmit = record.hash;
    const result = await this.post(interactionBody(payload));
    if (result.timedOut || result.status !== 200) {
      // No ack in time (a late response_action is never applied) or none at all: Slack leaves the
      // modal as it was with its generic error at the top.
      this.fake.showSubmissionFailure(record.id);
      return result.timedOut
        ? { ...TIMED_OUT, shownToUser: true }
        : { ok: false, status: result.status, error: 'dispatch_failed', shownToUser: true };
    }
    const ack = parseViewAck(result.body);
    // The app writes its ack before it calls views.update, so Slack always sees the ack first. Here
    // the views.update can overtake it on loopback; then the ack's 'update' is already superseded.
    if (ack.response_action === 'update' && record.hash !== hashAtSubmit) return { ok: true, status: 200 };
    const applied = this.fake.applyViewSubmissionAck(record.id, ack);
    if (!applied.ok) {
      this.logger.warn({ error: applied.error }, 'workbench: Slack would refuse this view_submission ack');
      return { ok: false, status: 502, error: applied.error ?? 'invalid_ack', shownToUser: true };
    }
    return { ok: true, status: 200 };
  }

  /**
   * Cancel closes this view and any above it (back to the previous one); × (`wholeStack`) closes the
   * whole stack. The app hears of it only when it asked to (notify_on_close).
   */
  async closeView(input: { user: string; viewId: string; wholeStack?: boolean }): Promise<ClientOutcome> {
    const record = this.fake.viewById(input.viewId);
    if (record?.state !== 'open' || record.user !== input.user)
      return { ok: false, status: 404, error: 'not_found' };
    const view = record.view;
    const stackDepth = this.fake.openViews(input.user).length;
    if (input.wholeStack) this.fake.closeViewStack(input.user);
    else this.fake.closeView(record.id);
    if (view.notify_on_close !== true) return { ok: true, status: 200 };
    const payload = viewClosedPayload({
      user: input.user,
      view: {
        id: record.id,
        callback_id: String(view.callback_id ?? ''),
        private_metadata: String(view.private_metadata ?? ''),
        state: (view.state as { values: Record<string, Record<string, unknown>> }) ?? { values: {} },
        hash: record.hash,
      },
      is_cleared: input.wholeStack === true && stackDepth > 1,
    });
    return this.outcomeOf(await this.post(interactionBody(payload)));
  }

  private outcomeOf(result: SignedPostResult): ClientOutcome {
    if (result.timedOut) return TIMED_OUT;
    return result.status === 200
      ? { ok: true, status: 200 }
      : { ok: false, status: result.status, error: 'dispatch_failed' };
  }
}

/** A message as Slack puts it into block_actions and message_action payloads. */
function messageInPayload(message: FakeMessage) {
  return {
    ts: message.ts,
    text: message.text,
    user: message.user,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
  };
}

function isPlainText(value: unknown): value is { type: 'plain_text'; text: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'plain_text' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/** The app's HTTP answer to a view_submission: empty (close) or a response_action object. */
export function parseViewAck(raw: string): ViewSubmissionAck {
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ViewSubmissionAck) : {};
  } catch {
    return {};
  }
}
