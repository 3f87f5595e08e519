/**
 * Request bodies shaped like the ones Slack sends to an app's Request URL, for end-to-end tests
 * and the workbench. Field sets follow Slack's documented examples (slash command form fields;
 * block_actions, view_submission, view_closed, message_action interaction payloads; the Events API's
 * event_callback envelope around app_home_opened).
 */
import { randomBytes } from 'node:crypto';
import type { UploadedFile, ViewStateValue } from '@slack/bolt';
import { FAKE_WORKSPACE, SEED_IDS } from './seed.js';
import type { FakeSlack } from './server.js';
import { signSlackRequest } from './signing.js';
import { escapeSlackText } from './slackText.js';
import type { FakeView } from './store.js';

const SEED_USER_NAMES: Readonly<Record<string, string>> = {
  [SEED_IDS.analyst]: 'ana.analyst',
  [SEED_IDS.refused]: 'rex.refused',
};

const SEED_CHANNEL_NAMES: Readonly<Record<string, string>> = {
  [SEED_IDS.complianceChannel]: 'compliance-screening',
  [SEED_IDS.generalChannel]: 'general',
  [SEED_IDS.notMemberChannel]: 'random',
  [SEED_IDS.analystDm]: 'directmessage',
};

function userName(userId: string): string {
  return SEED_USER_NAMES[userId] ?? userId.toLowerCase();
}

function channelName(channelId: string): string {
  return (
    SEED_CHANNEL_NAMES[channelId] ?? (channelId.startsWith('D') ? 'directmessage' : channelId.toLowerCase())
  );
}

/** `action_ts` / `message_ts`-style stamp for now. */
function slackTimestamp(nowMs: number = Date.now()): string {
  return (nowMs / 1000).toFixed(6);
}

const TEAM = { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.teamDomain } as const;

export interface SlashCommandInput {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  channelName?: string;
  userName?: string;
  triggerId: string;
  responseUrl: string;
  teamId?: string;
}

/**
 * A slash command as Slack POSTs it: form-encoded, fields in Slack's order. `text` is what the person
 * typed; Slack sends its `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;`, and so does this.
 */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams([
    ['token', FAKE_WORKSPACE.verificationToken],
    ['team_id', input.teamId ?? FAKE_WORKSPACE.teamId],
    ['team_domain', FAKE_WORKSPACE.teamDomain],
    ['channel_id', input.channelId],
    ['channel_name', input.channelName ?? channelName(input.channelId)],
    ['user_id', input.userId],
    ['user_name', input.userName ?? userName(input.userId)],
    ['command', input.command],
    ['text', escapeSlackText(input.text)],
    ['api_app_id', FAKE_WORKSPACE.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId],
  ]).toString();
}

/** An interaction as Slack POSTs it: one form field `payload` holding the JSON. */
export function interactionBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

interface InteractionUser {
  id: string;
  username: string;
  name: string;
  team_id: string;
}

function interactionUser(userId: string): InteractionUser {
  const name = userName(userId);
  return { id: userId, username: name, name, team_id: FAKE_WORKSPACE.teamId };
}

export interface ButtonActionInput {
  action_id: string;
  block_id: string;
  value?: string;
  type?: 'button';
  /** the button label; defaults to the action_id */
  text?: string;
}

export type BlockActionsContainer =
  | { type: 'message'; message_ts: string; channel_id: string; is_ephemeral: boolean; thread_ts?: string }
  | { type: 'view'; view_id: string };

export interface BlockActionsInput {
  user: string;
  /** the channel the message is in; omit for actions inside a modal */
  channel?: string;
  container: BlockActionsContainer;
  /** the message carrying the buttons (Slack omits it for ephemeral messages) */
  message?: { ts: string; text?: string; user?: string; blocks?: unknown[]; thread_ts?: string };
  /** for actions in a modal: the view as Slack returned it */
  view?: Record<string, unknown>;
  actions: ButtonActionInput[];
  trigger_id: string;
  response_url?: string;
  state?: { values: Record<string, Record<string, unknown>> };
}

export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const actionTs = slackTimestamp();
  return {
    type: 'block_actions',
    user: interactionUser(input.user),
    api_app_id: FAKE_WORKSPACE.appId,
    token: FAKE_WORKSPACE.verificationToken,
    container: input.container,
    trigger_id: input.trigger_id,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    ...(input.channel ? { channel: { id: input.channel, name: channelName(input.channel) } } : {}),
    ...(input.message
      ? {
          message: {
            type: 'message',
            user: FAKE_WORKSPACE.botUserId,
            bot_id: FAKE_WORKSPACE.botId,
            app_id: FAKE_WORKSPACE.appId,
            team: FAKE_WORKSPACE.teamId,
            ...input.message,
          },
        }
      : {}),
    ...(input.view ? { view: input.view } : {}),
    state: input.state ?? { values: {} },
    ...(input.response_url ? { response_url: input.response_url } : {}),
    actions: input.actions.map((action) => ({
      action_id: action.action_id,
      block_id: action.block_id,
      text: { type: 'plain_text', text: action.text ?? action.action_id, emoji: true },
      ...(action.value !== undefined ? { value: action.value } : {}),
      type: action.type ?? 'button',
      action_ts: actionTs,
    })),
  };
}

export interface HomeBlockActionsInput {
  user: string;
  /** the Home tab the button is on, as published (fake.homeView(user)) */
  home: Pick<FakeView, 'id' | 'view'>;
  actions: ButtonActionInput[];
  trigger_id: string;
}

/**
 * A button on an app's Home tab: block_actions from a view container, carrying the published view
 * (id, type home, hash, blocks). Slack sends no channel, no message and no response_url for these:
 * the app answers by publishing the Home tab again, or by opening a modal with the trigger_id.
 */
export function homeBlockActionsPayload(input: HomeBlockActionsInput): Record<string, unknown> {
  const payload = blockActionsPayload({
    user: input.user,
    container: { type: 'view', view_id: input.home.id },
    view: input.home.view,
    actions: input.actions,
    trigger_id: input.trigger_id,
  });
  // The view carries its own state; a view container has no top-level one.
  delete payload.state;
  return payload;
}

export interface SubmittedViewInput {
  id: string;
  callback_id: string;
  private_metadata?: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  title?: { type: 'plain_text'; text: string };
  blocks?: unknown[];
  root_view_id?: string;
  previous_view_id?: string | null;
  external_id?: string;
}

/** A modal view as Slack sends it back inside view_submission / view_closed payloads. */
function viewOutput(view: SubmittedViewInput): Record<string, unknown> {
  return {
    id: view.id,
    team_id: FAKE_WORKSPACE.teamId,
    type: 'modal',
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id,
    state: view.state,
    hash: view.hash,
    title: view.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: view.previous_view_id ?? null,
    root_view_id: view.root_view_id ?? view.id,
    app_id: FAKE_WORKSPACE.appId,
    external_id: view.external_id ?? '',
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
  };
}

export interface ViewSubmissionInput {
  user: string;
  view: SubmittedViewInput;
  trigger_id: string;
  response_urls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: TEAM,
    user: interactionUser(input.user),
    api_app_id: FAKE_WORKSPACE.appId,
    token: FAKE_WORKSPACE.verificationToken,
    trigger_id: input.trigger_id,
    view: viewOutput(input.view),
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A file_input's entry in view.state.values as Slack sends it: the picked files as file objects. */
export interface FileInputStateValue extends ViewStateValue {
  type: 'file_input';
  files: UploadedFile[];
}

/**
 * The state value of a file_input whose person picked these files (ids from `uploadUserFile`), as
 * Slack puts it in `view.state.values[block_id][action_id]`. Throws for an id the fake does not know:
 * Slack only ever sends files that exist.
 */
export function fileInputValue(
  fake: Pick<FakeSlack, 'slackFile'>,
  fileIds: readonly string[],
): FileInputStateValue {
  const files = fileIds.map((id) => {
    const file = fake.slackFile(id);
    if (!file) throw new Error(`no file ${id} in the fake workspace`);
    return file;
  });
  return { type: 'file_input', files };
}

function isFileIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string');
}

/**
 * `values` with every file_input value written with file ids — `{ type: 'file_input', files: ['F…'] }`
 * — turned into the file objects Slack sends. Tests and the workbench name the files they picked; the
 * app receives Slack's shape. Other values pass through unchanged.
 */
export function withFileInputValues(
  fake: Pick<FakeSlack, 'slackFile'>,
  values: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    out[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      const entry = value as { type?: unknown; files?: unknown } | null;
      const ids = entry?.type === 'file_input' && isFileIdList(entry.files) ? entry.files : undefined;
      (out[blockId] as Record<string, unknown>)[actionId] = ids ? fileInputValue(fake, ids) : value;
    }
  }
  return out;
}

export interface ViewClosedInput {
  user: string;
  view: SubmittedViewInput;
  is_cleared?: boolean;
}

export function viewClosedPayload(input: ViewClosedInput): Record<string, unknown> {
  return {
    type: 'view_closed',
    team: TEAM,
    user: interactionUser(input.user),
    api_app_id: FAKE_WORKSPACE.appId,
    token: FAKE_WORKSPACE.verificationToken,
    view: viewOutput(input.view),
    is_cleared: input.is_cleared ?? false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageActionInput {
  callback_id: string;
  user: string;
  channel: string;
  message: { ts: string; text: string; user: string; thread_ts?: string; blocks?: unknown[] };
  trigger_id: string;
  response_url: string;
}

/** A message shortcut ("Risk check" on a message). */
export function messageActionPayload(input: MessageActionInput): Record<string, unknown> {
  return {
    type: 'message_action',
    token: FAKE_WORKSPACE.verificationToken,
    action_ts: slackTimestamp(),
    team: TEAM,
    user: interactionUser(input.user),
    channel: { id: input.channel, name: channelName(input.channel) },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callback_id,
    trigger_id: input.trigger_id,
    response_url: input.response_url,
    message_ts: input.message.ts,
    message: { type: 'message', ...input.message },
  };
}

export type AppHomeTab = 'home' | 'messages';

export interface AppHomeOpenedPayloadInput {
  userId: string;
  /** the person's DM with the app: the App Home's channel */
  channel: string;
  /** default 'home' */
  tab?: AppHomeTab;
  /** the Home tab as last published, on the Home tab once one was (Slack leaves it out otherwise) */
  view?: Record<string, unknown>;
  /** default a fresh `Ev…` id */
  eventId?: string;
  /** default now */
  nowMs?: number;
}

/** A fresh Events API event id, shaped like Slack's (`Ev` and ten capitals or digits). */
function eventId(): string {
  return `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
}

/**
 * The Events API body Slack POSTs (as application/json) when a person opens the app's App Home: the
 * event_callback envelope around an app_home_opened event, with the one authorization (the bot) that
 * Slack lists since 2021.
 */
export function appHomeOpenedPayload(input: AppHomeOpenedPayloadInput): Record<string, unknown> {
  const nowMs = input.nowMs ?? Date.now();
  const tab = input.tab ?? 'home';
  if (input.view !== undefined && tab !== 'home')
    throw new Error('Slack sends the view on the Home tab only');
  return {
    token: FAKE_WORKSPACE.verificationToken,
    team_id: FAKE_WORKSPACE.teamId,
    api_app_id: FAKE_WORKSPACE.appId,
    event: {
      type: 'app_home_opened',
      user: input.userId,
      channel: input.channel,
      tab,
      event_ts: slackTimestamp(nowMs),
      ...(input.view !== undefined ? { view: input.view } : {}),
    },
    type: 'event_callback',
    event_id: input.eventId ?? eventId(),
    event_time: Math.floor(nowMs / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: FAKE_WORKSPACE.teamId,
        user_id: FAKE_WORKSPACE.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export interface AppHomeOpenedInput {
  userId: string;
  /** default 'home' */
  tab?: AppHomeTab;
  /**
   * The Home tab the event carries: the id of the view published for this user (fake.homeView(userId)).
   * Leave it out for an App Home nothing has been published to yet, or for the Messages tab.
   */
  viewId?: string;
  eventId?: string;
  nowMs?: number;
}

/**
 * app_home_opened for `input.userId` in `fake`'s workspace, as the JSON text to sign and POST: the
 * channel is the person's DM with the app (the fake's, created on first use like Slack's), the view the
 * one `viewId` names.
 */
export function appHomeOpenedBody(
  fake: Pick<FakeSlack, 'store' | 'homeView'>,
  input: AppHomeOpenedInput,
): string {
  const user = fake.store.users.get(input.userId);
  if (!user || user.isBot) throw new Error(`no person ${input.userId} in the fake workspace`);
  let view: Record<string, unknown> | undefined;
  if (input.viewId !== undefined) {
    const home = fake.homeView(input.userId);
    if (home?.id !== input.viewId) throw new Error(`${input.viewId} is not ${input.userId}'s Home tab`);
    view = home.view;
  }
  return JSON.stringify(
    appHomeOpenedPayload({
      userId: input.userId,
      channel: fake.store.dmWith(input.userId).id,
      ...(input.tab ? { tab: input.tab } : {}),
      ...(view ? { view } : {}),
      ...(input.eventId ? { eventId: input.eventId } : {}),
      ...(input.nowMs !== undefined ? { nowMs: input.nowMs } : {}),
    }),
  );
}

/** Slack waits this long for an app's HTTP ack, then gives up and ignores whatever arrives later. */
export const SLACK_ACK_TIMEOUT_MS = 3000;

export interface SignedPostOptions {
  /** send a signature made with the wrong secret */
  badSignature?: boolean;
  /** request timestamp in seconds (default now) — for staleness tests */
  timestamp?: number;
  /** give up on the ack after this many ms, as Slack does; default SLACK_ACK_TIMEOUT_MS */
  ackTimeoutMs?: number;
  /** more headers, e.g. Slack's `X-Slack-Retry-Num` on a redelivery */
  headers?: Record<string, string>;
  /**
   * The request's media type. Default: application/json for a body that is a JSON object (the Events
   * API), else application/x-www-form-urlencoded (slash commands and interactivity).
   */
  contentType?: 'application/json' | 'application/x-www-form-urlencoded';
}

/** What Slack sends a body as: Events API callbacks are JSON, commands and interactions are forms. */
export function slackContentType(body: string): 'application/json' | 'application/x-www-form-urlencoded' {
  return body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
}

export interface SignedPostResult {
  /** the HTTP status; 0 when the ack timed out */
  status: number;
  /** the ack body; empty when the ack timed out (Slack discards a late one) */
  body: string;
  headers: Record<string, string>;
  /** time from sending to having the whole response, or to giving up */
  ackMs: number;
  /** no whole response within the ack timeout: Slack would show the user operation_timeout */
  timedOut: boolean;
}

/**
 * Signs `body` like Slack and POSTs it to `${baseUrl}/slack/events`. Like Slack, it stops waiting
 * after the ack timeout (3 s) and drops the connection; a late ack is never seen. The signature covers
 * the raw body whatever its media type.
 */
export async function postSignedToSlackEvents(
  baseUrl: string,
  body: string,
  secret: string,
  options: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const signingSecret = options.badSignature ? `${secret}-wrong` : secret;
  const signature = signSlackRequest(signingSecret, body, options.timestamp);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.ackTimeoutMs ?? SLACK_ACK_TIMEOUT_MS);
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/slack/events`, {
      method: 'POST',
      // Slack sends the bare media type, no charset parameter.
      headers: {
        'content-type': options.contentType ?? slackContentType(body),
        ...options.headers,
        ...signature,
      },
      body,
      signal: timeout.signal,
    });
    const text = await response.text();
    const ackMs = performance.now() - started;
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, body: text, headers, ackMs, timedOut: false };
  } catch (error) {
    if (!timeout.signal.aborted) throw error;
    return { status: 0, body: '', headers: {}, ackMs: performance.now() - started, timedOut: true };
  } finally {
    clearTimeout(timer);
  }
}
