import { checkBlocks, checkHomeView, checkMessage, checkView } from './blockLimits.js';
import { slackFileObject } from './fileObjects.js';
import { FAKE_WORKSPACE } from './seed.js';
import {
  type FakeChannel,
  type FakeFile,
  type FakeFileRef,
  type FakeMessage,
  type SlackStore,
  VIEW_STACK_LIMIT,
} from './store.js';

export type ApiResult = Record<string, unknown> & { ok: boolean; error?: string };

export interface MethodContext {
  store: SlackStore;
  strictLimits: boolean;
  /** where files.getUploadURLExternal points uploads: the fake's own server, ending in / */
  uploadUrlBase: string;
  /** the fake's own server, no trailing slash: where url_private points */
  baseUrl: string;
}

type MethodHandler = (args: Record<string, unknown>, context: MethodContext) => ApiResult;

function fail(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { ok: false, error, ...extra };
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** The JSON shape Slack returns for a stored message. */
export function toApiMessage(message: FakeMessage): Record<string, unknown> {
  return {
    type: 'message',
    user: message.user,
    ...(message.botId
      ? {
          bot_id: message.botId,
          app_id: FAKE_WORKSPACE.appId,
          bot_profile: {
            id: message.botId,
            app_id: FAKE_WORKSPACE.appId,
            name: FAKE_WORKSPACE.botName,
            team_id: FAKE_WORKSPACE.teamId,
          },
        }
      : {}),
    text: message.text,
    ts: message.ts,
    team: FAKE_WORKSPACE.teamId,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.files ? { files: message.files.map(toApiFile), upload: true } : {}),
  };
}

function toApiFile(file: FakeFileRef): Record<string, unknown> {
  return { id: file.id, name: file.name, title: file.title, size: file.size };
}

/**
 * Applies the limit checks. Violations are always recorded; with strictLimits the call is refused
 * the way Slack refuses bad blocks.
 */
function limitFailure(method: string, violations: string[], context: MethodContext): ApiResult | undefined {
  if (violations.length === 0) return undefined;
  const { store, strictLimits } = context;
  store.recordViolation({ method, at: store.now(), violations, rejected: strictLimits });
  if (!strictLimits) return undefined;
  const onlyText = violations.every((violation) => violation.startsWith('text:'));
  return fail(onlyText ? 'no_text' : 'invalid_blocks', { errors: violations });
}

function messageContent(args: Record<string, unknown>): { text: string; blocks?: unknown[] } {
  const text = asString(args.text) ?? '';
  return Array.isArray(args.blocks) ? { text, blocks: args.blocks } : { text };
}

function resolveChannel(store: SlackStore, value: unknown): FakeChannel | undefined {
  const id = asString(value);
  if (!id) return undefined;
  const channel = store.channels.get(id);
  if (channel) return channel;
  // Posting to a user ID lands in the bot's DM with that user.
  if (id.startsWith('U') && store.users.has(id)) return store.dmWith(id);
  for (const candidate of store.channels.values()) {
    if (`#${candidate.name}` === id || candidate.name === id) return candidate;
  }
  return undefined;
}

function writableChannel(store: SlackStore, value: unknown): FakeChannel | ApiResult {
  const channel = resolveChannel(store, value);
  if (!channel) return fail('channel_not_found');
  if (!channel.isMember) return fail('not_in_channel');
  return channel;
}

function isFailure(value: FakeChannel | ApiResult): value is ApiResult {
  return 'ok' in value;
}

const authTest: MethodHandler = () => ({
  ok: true,
  url: FAKE_WORKSPACE.workspaceUrl,
  team: FAKE_WORKSPACE.teamName,
  user: FAKE_WORKSPACE.botName,
  team_id: FAKE_WORKSPACE.teamId,
  user_id: FAKE_WORKSPACE.botUserId,
  bot_id: FAKE_WORKSPACE.botId,
  is_enterprise_install: false,
});

const chatPostMessage: MethodHandler = (args, context) => {
  const { store } = context;
  const channel = writableChannel(store, args.channel);
  if (isFailure(channel)) return channel;
  const content = messageContent(args);
  if (!content.text && !content.blocks) return fail('no_text');
  const refused = limitFailure('chat.postMessage', checkMessage(content), context);
  if (refused) return refused;
  const threadTs = asString(args.thread_ts);
  const message = store.addMessage({
    channel: channel.id,
    user: FAKE_WORKSPACE.botUserId,
    botId: FAKE_WORKSPACE.botId,
    ...content,
    ...(threadTs ? { threadTs } : {}),
    via: 'chat.postMessage',
  });
  return { ok: true, channel: channel.id, ts: message.ts, message: toApiMessage(message) };
};

const chatPostEphemeral: MethodHandler = (args, context) => {
  const { store } = context;
  const channel = writableChannel(store, args.channel);
  if (isFailure(channel)) return channel;
  const user = asString(args.user);
  if (!user || !store.users.has(user)) return fail('user_not_found');
  if (!channel.members.includes(user)) return fail('user_not_in_channel');
  const content = messageContent(args);
  if (!content.text && !content.blocks) return fail('no_text');
  const refused = limitFailure('chat.postEphemeral', checkMessage(content), context);
  if (refused) return refused;
  const threadTs = asString(args.thread_ts);
  const message = store.addMessage({
    channel: channel.id,
    user: FAKE_WORKSPACE.botUserId,
    botId: FAKE_WORKSPACE.botId,
    ...content,
    ephemeralFor: user,
    ...(threadTs ? { threadTs } : {}),
    via: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: message.ts };
};

/** A bot message chat.update / chat.delete may touch: Slack cannot reach ephemerals that way. */
function ownMessage(store: SlackStore, args: Record<string, unknown>): FakeMessage | ApiResult {
  const channel = resolveChannel(store, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = asString(args.ts);
  const message = ts ? store.findMessage(channel.id, ts) : undefined;
  if (!message || message.ephemeralFor) return fail('message_not_found');
  if (message.botId !== FAKE_WORKSPACE.botId) return fail('cant_update_message');
  return message;
}

const chatUpdate: MethodHandler = (args, context) => {
  const { store } = context;
  const message = ownMessage(store, args);
  if ('ok' in message) return message;
  const content = messageContent(args);
  const refused = limitFailure('chat.update', checkMessage(content), context);
  if (refused) return refused;
  store.updateMessage(message, content);
  return {
    ok: true,
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    message: toApiMessage(message),
  };
};

const chatDelete: MethodHandler = (args, { store }) => {
  const message = ownMessage(store, args);
  if ('ok' in message) return message;
  store.deleteMessage(message);
  return { ok: true, channel: message.channel, ts: message.ts };
};

const chatGetPermalink: MethodHandler = (args, { store }) => {
  const channel = resolveChannel(store, args.channel);
  if (!channel) return fail('channel_not_found');
  const ts = asString(args.message_ts);
  const message = ts ? store.findMessage(channel.id, ts) : undefined;
  if (!message || message.ephemeralFor) return fail('message_not_found');
  const base = `${FAKE_WORKSPACE.workspaceUrl}archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const permalink = message.threadTs ? `${base}?thread_ts=${message.threadTs}&cid=${channel.id}` : base;
  return { ok: true, channel: channel.id, permalink };
};

function viewArgument(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const view = args.view;
  return typeof view === 'object' && view !== null && !Array.isArray(view)
    ? (view as Record<string, unknown>)
    : undefined;
}

function viewLimitFailure(
  method: string,
  view: Record<string, unknown>,
  context: MethodContext,
): ApiResult | undefined {
  return limitFailure(method, checkView(view), context);
}

function duplicateExternalId(store: SlackStore, view: Record<string, unknown>, except?: string): boolean {
  const externalId = view.external_id;
  if (typeof externalId !== 'string' || !externalId) return false;
  const existing = store.findOpenView({ externalId });
  return existing !== undefined && existing.id !== except;
}

const viewsOpen: MethodHandler = (args, context) => {
  const { store } = context;
  const trigger = store.checkTrigger(args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  const view = viewArgument(args);
  if (!view) return fail('invalid_arguments');
  const refused = viewLimitFailure('views.open', view, context);
  if (refused) return refused;
  if (duplicateExternalId(store, view)) return fail('duplicate_external_id');
  trigger.trigger.used = true;
  const record = store.pushView(trigger.trigger.user, view, true);
  return { ok: true, view: record.view };
};

const viewsPush: MethodHandler = (args, context) => {
  const { store } = context;
  const trigger = store.checkTrigger(args.trigger_id);
  if (!trigger.ok) return fail(trigger.error);
  const view = viewArgument(args);
  if (!view) return fail('invalid_arguments');
  const stack = store.viewStacks.get(trigger.trigger.user) ?? [];
  if (stack.length === 0) return fail('not_found');
  if (stack.length >= VIEW_STACK_LIMIT) return fail('push_limit_reached');
  const refused = viewLimitFailure('views.push', view, context);
  if (refused) return refused;
  if (duplicateExternalId(store, view)) return fail('duplicate_external_id');
  trigger.trigger.used = true;
  const record = store.pushView(trigger.trigger.user, view, false);
  return { ok: true, view: record.view };
};

const viewsUpdate: MethodHandler = (args, context) => {
  const { store } = context;
  if (args.view_id === undefined && args.external_id === undefined) return fail('invalid_arguments');
  const record = store.findOpenView({ viewId: args.view_id, externalId: args.external_id });
  if (!record) return fail('not_found');
  const hash = asString(args.hash);
  if (hash !== undefined && hash !== '' && hash !== record.hash) return fail('hash_conflict');
  const view = viewArgument(args);
  if (!view) return fail('invalid_arguments');
  const refused = viewLimitFailure('views.update', view, context);
  if (refused) return refused;
  if (duplicateExternalId(store, view, record.id)) return fail('duplicate_external_id');
  store.replaceView(record, view);
  return { ok: true, view: record.view };
};

/**
 * A user's Home tab. `hash`, when given, must be the hash of the view now published (the one an
 * app_home_opened event or a block_actions payload carried), else hash_conflict: someone published in
 * between. A hash with nothing published yet is taken, as there is nothing to conflict with.
 */
const viewsPublish: MethodHandler = (args, context) => {
  const { store } = context;
  const userId = asString(args.user_id);
  const view = viewArgument(args);
  if (!userId || !view) return fail('invalid_arguments');
  const user = store.users.get(userId);
  if (!user || user.isBot) return fail('user_not_found');
  if (view.type !== 'home') {
    return fail('invalid_arguments', {
      response_metadata: {
        messages: [`[ERROR] must be home, got ${JSON.stringify(view.type)} [json-pointer:/view/type]`],
      },
    });
  }
  const hash = asString(args.hash);
  const published = store.homeViews.get(user.id);
  if (hash !== undefined && hash !== '' && published !== undefined && hash !== published.hash) {
    return fail('hash_conflict');
  }
  const refused = limitFailure('views.publish', checkHomeView(view), context);
  if (refused) return refused;
  return { ok: true, view: store.publishHomeView(user.id, view).view };
};

function channelInfo(channel: FakeChannel): Record<string, unknown> {
  if (channel.isIm) {
    return {
      id: channel.id,
      created: 1_700_000_000,
      is_im: true,
      is_org_shared: false,
      user: channel.imUser,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: !channel.isPrivate,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    created: 1_700_000_000,
    is_archived: false,
    is_general: channel.name === 'general',
    is_member: channel.isMember,
    name_normalized: channel.name,
    num_members: channel.members.length + (channel.isMember ? 1 : 0),
  };
}

const conversationsInfo: MethodHandler = (args, { store }) => {
  const channel = resolveChannel(store, args.channel);
  if (!channel) return fail('channel_not_found');
  return { ok: true, channel: channelInfo(channel) };
};

const conversationsMembers: MethodHandler = (args, { store }) => {
  const channel = resolveChannel(store, args.channel);
  if (!channel) return fail('channel_not_found');
  const members = channel.isMember ? [...channel.members, FAKE_WORKSPACE.botUserId] : [...channel.members];
  return { ok: true, members, response_metadata: { next_cursor: '' } };
};

const usersInfo: MethodHandler = (args, { store }) => {
  const id = asString(args.user);
  const user = id ? store.users.get(id) : undefined;
  if (!user) return fail('user_not_found');
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: FAKE_WORKSPACE.teamId,
      name: user.name,
      deleted: false,
      real_name: user.realName,
      tz: 'Asia/Shanghai',
      is_bot: user.isBot,
      is_app_user: false,
      ...(args.include_locale === true || args.include_locale === 'true' ? { locale: user.locale } : {}),
      profile: { real_name: user.realName, display_name: user.name, team: FAKE_WORKSPACE.teamId },
    },
  };
};

/** A 1:1 DM with one user (the only kind the app opens); the same channel id every time, like Slack's. */
const conversationsOpen: MethodHandler = (args, { store }) => {
  const channelId = asString(args.channel);
  if (channelId !== undefined) {
    const channel = store.channels.get(channelId);
    if (!channel) return fail('channel_not_found');
    if (!channel.isIm) return fail('method_not_supported_for_channel_type');
    return { ok: true, channel: { id: channel.id } };
  }
  const users = (asString(args.users) ?? '')
    .split(',')
    .map((user) => user.trim())
    .filter((user) => user !== '');
  if (users.length === 0) return fail('users_list_not_supplied');
  // a multi-person DM is not modelled: the app never opens one
  if (users.length > 1) return fail('not_supported_by_fake', { needed: 'one user' });
  const user = store.users.get(users[0] as string);
  if (!user || user.isBot) return fail('user_not_found');
  const existed = [...store.channels.values()].some((channel) => channel.imUser === user.id);
  const channel = store.dmWith(user.id);
  const returnIm = args.return_im === true || args.return_im === 'true';
  return {
    ok: true,
    ...(existed ? { no_op: true, already_open: true } : {}),
    channel: returnIm ? channelInfo(channel) : { id: channel.id },
  };
};

/** Slack's files are at most 1 GB. */
const FILE_MAX_BYTES = 1024 * 1024 * 1024;

const filesGetUploadURLExternal: MethodHandler = (args, { store, uploadUrlBase }) => {
  const filename = asString(args.filename)?.trim();
  const lengthText = asString(args.length);
  if (!filename || lengthText === undefined) return fail('invalid_arguments');
  const length = Number(lengthText);
  if (!/^\d+$/.test(lengthText) || length < 1 || length > FILE_MAX_BYTES) return fail('invalid_arguments');
  const file = store.announceFile(filename, filename, length);
  return { ok: true, upload_url: `${uploadUrlBase}${file.uploadToken}`, file_id: file.id };
};

interface CompletedFileArgument {
  id: string;
  title?: string;
}

function completedFiles(value: unknown): CompletedFileArgument[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const files: CompletedFileArgument[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { id, title } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') return undefined;
    files.push({ id, ...(typeof title === 'string' && title !== '' ? { title } : {}) });
  }
  return files;
}

/** Where completeUploadExternal shares: `channel_id`, else the first of `channels`, else nowhere (private). */
function shareTarget(args: Record<string, unknown>): string | undefined {
  const channelId = asString(args.channel_id);
  if (channelId) return channelId;
  const channels = (asString(args.channels) ?? '').split(',').filter((id) => id.trim() !== '');
  return channels[0]?.trim();
}

/**
 * Finishes uploads: every file must have been announced and its bytes received, then the files are
 * shared in one message (with `initial_comment` as its text) where asked, as Slack does.
 */
const filesCompleteUploadExternal: MethodHandler = (args, context) => {
  const { store } = context;
  const wanted = completedFiles(args.files);
  if (!wanted) return fail('invalid_arguments');
  const files: FakeFile[] = [];
  for (const { id } of wanted) {
    const file = store.files.get(id);
    if (!file) return fail('file_not_found');
    // the fake's own word for Slack's silence: a file whose bytes never arrived cannot be shared
    if (file.bytes === undefined) return fail('file_not_uploaded');
    if (file.completed) return fail('file_already_completed');
    files.push(file);
  }
  const target = shareTarget(args);
  const channel = target === undefined ? undefined : writableChannel(store, target);
  if (channel && isFailure(channel)) return channel;
  const comment = asString(args.initial_comment);
  const violations = comment
    ? checkMessage({ text: comment })
    : Array.isArray(args.blocks)
      ? checkBlocks(args.blocks, 'message')
      : [];
  const refused = limitFailure('files.completeUploadExternal', violations, context);
  if (refused) return refused;
  wanted.forEach(({ title }, index) => {
    const file = files[index] as FakeFile;
    file.completed = true;
    if (title) file.title = title;
  });
  if (channel) {
    const threadTs = asString(args.thread_ts);
    for (const file of files) file.sharedIn.push(channel.id);
    store.addMessage({
      channel: channel.id,
      user: FAKE_WORKSPACE.botUserId,
      botId: FAKE_WORKSPACE.botId,
      text: comment ?? '',
      ...(comment === undefined && Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      files: files.map((file) => ({ id: file.id, name: file.name, title: file.title, size: file.length })),
      via: 'files.completeUploadExternal',
    });
  }
  return {
    ok: true,
    files: files.map((file) => ({ id: file.id, name: file.name, title: file.title, size: file.length })),
  };
};

/**
 * One file's object. The fake lets the bot see every file (Slack: those shared where it is a member, and
 * those picked in its own modals' file_inputs, which is all the app reads). A file announced but never
 * uploaded does not exist yet for Slack either.
 */
const filesInfo: MethodHandler = (args, { store, baseUrl }) => {
  const id = asString(args.file);
  if (!id) return fail('invalid_arguments');
  const file = store.files.get(id);
  if (file?.bytes === undefined) return fail('file_not_found');
  return {
    ok: true,
    file: slackFileObject(file, store, baseUrl),
    comments: [],
    response_metadata: { next_cursor: '' },
  };
};

export const WEB_API_METHODS: ReadonlyMap<string, MethodHandler> = new Map<string, MethodHandler>([
  ['auth.test', authTest],
  ['chat.postMessage', chatPostMessage],
  ['chat.postEphemeral', chatPostEphemeral],
  ['chat.update', chatUpdate],
  ['chat.delete', chatDelete],
  ['chat.getPermalink', chatGetPermalink],
  ['views.open', viewsOpen],
  ['views.push', viewsPush],
  ['views.update', viewsUpdate],
  ['views.publish', viewsPublish],
  ['conversations.info', conversationsInfo],
  ['conversations.members', conversationsMembers],
  ['conversations.open', conversationsOpen],
  ['files.getUploadURLExternal', filesGetUploadURLExternal],
  ['files.completeUploadExternal', filesCompleteUploadExternal],
  ['files.info', filesInfo],
  ['users.info', usersInfo],
]);
