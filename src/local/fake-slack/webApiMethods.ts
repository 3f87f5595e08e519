import { checkMessage, checkView } from './blockLimits.js';
import { FAKE_WORKSPACE } from './seed.js';
import { type FakeChannel, type FakeMessage, type SlackStore, VIEW_STACK_LIMIT } from './store.js';

export type ApiResult = Record<string, unknown> & { ok: boolean; error?: string };

export interface MethodContext {
  store: SlackStore;
  strictLimits: boolean;
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
  };
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
  ['conversations.info', conversationsInfo],
  ['conversations.members', conversationsMembers],
  ['users.info', usersInfo],
]);
