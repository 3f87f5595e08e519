import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { FILE_INPUT_MAX_BYTES, fileKind } from './fileObjects.js';
import { FAKE_WORKSPACE, type FakeChannelSeed, type FakeUserSeed } from './seed.js';

/** Slack's lifetimes for the one-shot handles it gives an app. */
export const TRIGGER_TTL_MS = 3_000;
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
/** Slack allows a modal stack of at most three views. */
export const VIEW_STACK_LIMIT = 3;
/**
 * What Slack shows at the top of a modal when a submission got no usable ack: none within 3 s, or
 * one it refused (an errors map keyed by a block_id that is not an input, an invalid view).
 */
export const SUBMISSION_FAILED_TEXT = 'We had some trouble connecting. Try again?';

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
  locale: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  isMember: boolean;
  isCompliance: boolean;
  isPrivate: boolean;
  isIm: boolean;
  imUser?: string;
  /** human members (the bot's membership is `isMember`) */
  members: string[];
}

/**
 * A file in the workspace: one the app uploaded (files.getUploadURLExternal announced it, the upload URL
 * received it) or one a person picked in a modal's file_input (uploadUserFile: complete at once).
 */
export interface FakeFile {
  id: string;
  name: string;
  title: string;
  /** the length announced to files.getUploadURLExternal; for a person's upload, the bytes' length */
  length: number;
  /** what was POSTed to the upload URL; undefined until then */
  bytes?: Buffer;
  /** the upload URL's own token (the part after /upload/v1/) */
  uploadToken: string;
  /** conversations it was shared into by files.completeUploadExternal */
  sharedIn: string[];
  completed: boolean;
  /** who uploaded it: the bot's user ID for the app's uploads */
  user: string;
  mimetype: string;
  /** Slack's word for the kind of file, from the name: csv, xlsx, png, binary… */
  filetype: string;
  /** Unix seconds, as Slack's `created` */
  created: number;
}

/** What a person picks in a modal's file_input (the fake's uploadUserFile). */
export interface UserFileInput {
  user: string;
  filename: string;
  bytes: Uint8Array;
  /** what the browser said the file is; default from the extension */
  mimetype?: string;
}

/** A person's upload the fake refuses as Slack's client does (unknown person, over 10 MB). */
export class UserFileError extends Error {
  constructor(
    readonly code: 'user_not_found' | 'file_too_large' | 'invalid_filename',
    message: string,
  ) {
    super(message);
    this.name = 'UserFileError';
  }
}

/** How a message shows a shared file. */
export interface FakeFileRef {
  id: string;
  name: string;
  title: string;
  size: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  /** author user ID; the bot's user ID for app messages */
  user: string;
  /** set when the bot posted it */
  botId?: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  /** set for ephemeral messages: the only user who sees it */
  ephemeralFor?: string;
  /** replies in this message's thread (only on parents), oldest first */
  replies: FakeMessage[];
  /** how it got here: a Web API method or a response_url post */
  via: string;
  editedAt?: number;
  /** files shared with this message (files.completeUploadExternal) */
  files?: FakeFileRef[];
}

export type ViewState = 'open' | 'closed';

export interface FakeView {
  id: string;
  user: string;
  /** the view as Slack returns it from views.* (ViewOutput shape) */
  view: Record<string, unknown>;
  state: ViewState;
  rootViewId: string;
  previousViewId: string | null;
  externalId?: string;
  hash: string;
  /** the latest `response_action: 'errors'` map shown on this view */
  errors?: Record<string, string>;
  /** Slack's generic error at the top of the modal after a failed submission (SUBMISSION_FAILED_TEXT) */
  submissionFailure?: string;
}

export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  ok: boolean;
  error?: string;
  /** the JSON (or text) the fake answered */
  response?: unknown;
  /** for method 'response_url': the URL posted to */
  responseUrl?: string;
}

export interface FakeViolation {
  method: string;
  at: number;
  violations: string[];
  /** whether the call was rejected for it (strictLimits) */
  rejected: boolean;
}

export interface TriggerRecord {
  id: string;
  user: string;
  channel?: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrlContext {
  channel: string;
  user: string;
  /** the message this URL belongs to (replace_original / delete_original act on it) */
  messageTs?: string;
  /** thread to post new responses into */
  threadTs?: string;
}

export interface ResponseUrlRecord extends ResponseUrlContext {
  id: string;
  uses: number;
  createdAt: number;
}

export type FakeChange =
  | { kind: 'call'; call: FakeCall }
  | { kind: 'violation'; violation: FakeViolation }
  | { kind: 'message_posted'; message: FakeMessage }
  | { kind: 'message_updated'; message: FakeMessage }
  | { kind: 'message_deleted'; channel: string; ts: string }
  | { kind: 'view_opened'; view: FakeView }
  | { kind: 'view_updated'; view: FakeView }
  | { kind: 'view_closed'; view: FakeView }
  | { kind: 'home_published'; view: FakeView }
  | { kind: 'channel_updated'; channel: FakeChannel }
  | { kind: 'file_uploaded'; file: FakeFile }
  | { kind: 'reset' };

export type TriggerCheck = { ok: true; trigger: TriggerRecord } | { ok: false; error: string };

export interface NewMessage {
  channel: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  ephemeralFor?: string;
  via: string;
  files?: FakeFileRef[];
}

export interface StoreOptions {
  channels: readonly FakeChannelSeed[];
  users: readonly FakeUserSeed[];
  now: () => number;
  triggerTtlMs: number;
}

/** First ts the fake hands out; later ones grow by 100 µs so they sort and never collide. */
const TS_BASE_SECONDS = 1_700_000_000;

/**
 * The fake workspace's state: conversations, messages, modals, and every call made. Emits
 * 'change' with a FakeChange after each mutation so a UI can follow along.
 */
export class SlackStore extends EventEmitter {
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, FakeUser>();
  /** every message of a channel, top-level and replies, in posting order */
  readonly messages = new Map<string, FakeMessage[]>();
  readonly views = new Map<string, FakeView>();
  /** open modal stack per user, root first */
  readonly viewStacks = new Map<string, string[]>();
  /** each user's Home tab as the app last published it (views.publish), by user id */
  readonly homeViews = new Map<string, FakeView>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();
  /** every file announced by files.getUploadURLExternal, by file id */
  readonly files = new Map<string, FakeFile>();
  readonly calls: FakeCall[] = [];
  readonly violations: FakeViolation[] = [];
  readonly now: () => number;
  readonly triggerTtlMs: number;
  private tsSequence = 0;
  private idSequence = 0;

  constructor(options: StoreOptions) {
    super();
    this.now = options.now;
    this.triggerTtlMs = options.triggerTtlMs;
    for (const user of options.users) {
      this.users.set(user.id, {
        id: user.id,
        name: user.name,
        realName: user.realName,
        isBot: user.isBot ?? false,
        locale: user.locale ?? 'en-US',
      });
    }
    this.users.set(FAKE_WORKSPACE.botUserId, {
      id: FAKE_WORKSPACE.botUserId,
      name: FAKE_WORKSPACE.botName,
      realName: FAKE_WORKSPACE.botName,
      isBot: true,
      locale: 'en-US',
    });
    for (const channel of options.channels) this.addChannel(channel);
  }

  private change(change: FakeChange): void {
    this.emit('change', change);
  }

  addChannel(seed: FakeChannelSeed): FakeChannel {
    const channel: FakeChannel = {
      id: seed.id,
      name: seed.name,
      isMember: seed.isMember,
      isCompliance: seed.isCompliance ?? false,
      isPrivate: seed.isPrivate ?? false,
      isIm: seed.imUser !== undefined,
      members: [...(seed.members ?? (seed.imUser ? [seed.imUser] : []))],
      ...(seed.imUser ? { imUser: seed.imUser } : {}),
    };
    this.channels.set(channel.id, channel);
    if (!this.messages.has(channel.id)) this.messages.set(channel.id, []);
    this.change({ kind: 'channel_updated', channel });
    return channel;
  }

  setBotMember(channelId: string, isMember: boolean): void {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`unknown channel ${channelId}`);
    channel.isMember = isMember;
    this.change({ kind: 'channel_updated', channel });
  }

  /** The DM between the bot and a user, created on first use like Slack's conversations.open. */
  dmWith(userId: string): FakeChannel {
    for (const channel of this.channels.values()) {
      if (channel.imUser === userId) return channel;
    }
    return this.addChannel({ id: `D${userId}`, name: 'directmessage', isMember: true, imUser: userId });
  }

  nextTs(): string {
    this.tsSequence += 1;
    const micros = this.tsSequence * 100;
    const seconds = TS_BASE_SECONDS + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.idSequence += 1;
    return `${prefix}${String(this.idSequence).padStart(8, '0')}`;
  }

  nextHash(): string {
    return `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  }

  recordCall(call: FakeCall): void {
    this.calls.push(call);
    this.change({ kind: 'call', call });
  }

  recordViolation(violation: FakeViolation): void {
    this.violations.push(violation);
    this.change({ kind: 'violation', violation });
  }

  // ---- messages ----

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(channel)?.find((message) => message.ts === ts);
  }

  addMessage(input: NewMessage): FakeMessage {
    const message: FakeMessage = {
      channel: input.channel,
      ts: this.nextTs(),
      user: input.user,
      text: input.text,
      replies: [],
      via: input.via,
      ...(input.botId ? { botId: input.botId } : {}),
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      ...(input.ephemeralFor ? { ephemeralFor: input.ephemeralFor } : {}),
      ...(input.files ? { files: input.files } : {}),
    };
    let list = this.messages.get(input.channel);
    if (!list) {
      list = [];
      this.messages.set(input.channel, list);
    }
    list.push(message);
    if (input.threadTs) this.findMessage(input.channel, input.threadTs)?.replies.push(message);
    this.change({ kind: 'message_posted', message });
    return message;
  }

  updateMessage(message: FakeMessage, content: { text: string; blocks?: unknown[] }): FakeMessage {
    message.text = content.text;
    if (content.blocks) message.blocks = content.blocks;
    else delete message.blocks;
    message.editedAt = this.now();
    this.change({ kind: 'message_updated', message });
    return message;
  }

  deleteMessage(message: FakeMessage): void {
    const list = this.messages.get(message.channel);
    if (list) {
      const index = list.indexOf(message);
      if (index >= 0) list.splice(index, 1);
    }
    if (message.threadTs) {
      const parent = this.findMessage(message.channel, message.threadTs);
      if (parent) parent.replies = parent.replies.filter((reply) => reply !== message);
    }
    this.change({ kind: 'message_deleted', channel: message.channel, ts: message.ts });
  }

  // ---- files ----

  announceFile(name: string, title: string, length: number): FakeFile {
    const file: FakeFile = {
      id: this.nextId('F'),
      name,
      title,
      length,
      uploadToken: randomBytes(16).toString('hex'),
      sharedIn: [],
      completed: false,
      user: FAKE_WORKSPACE.botUserId,
      ...kindOf(name),
      created: Math.floor(this.now() / 1000),
    };
    this.files.set(file.id, file);
    return file;
  }

  /**
   * A file a person picked in a modal's file_input: Slack's client uploads it before the modal is
   * submitted, so it exists complete, shared nowhere, owned by that person. Refused like Slack's client
   * refuses it: over 10 MB, or by someone not in the workspace.
   */
  addUserFile(input: UserFileInput): FakeFile {
    const person = this.users.get(input.user);
    if (!person || person.isBot) {
      throw new UserFileError('user_not_found', `no person ${input.user} in the fake workspace`);
    }
    const name = input.filename.trim();
    if (name === '' || name.includes('/')) {
      throw new UserFileError('invalid_filename', `not a file name: ${JSON.stringify(input.filename)}`);
    }
    if (input.bytes.length > FILE_INPUT_MAX_BYTES) {
      throw new UserFileError(
        'file_too_large',
        `${input.bytes.length} bytes, more than the ${FILE_INPUT_MAX_BYTES} a file_input takes`,
      );
    }
    const bytes = Buffer.from(input.bytes);
    const file: FakeFile = {
      id: this.nextId('F'),
      name,
      title: name,
      length: bytes.length,
      bytes,
      // never handed out: a person's file has no upload URL, and this one can never match a request
      uploadToken: `user-${randomBytes(16).toString('hex')}`,
      sharedIn: [],
      completed: true,
      user: person.id,
      ...kindOf(name, input.mimetype),
      created: Math.floor(this.now() / 1000),
    };
    this.files.set(file.id, file);
    this.change({ kind: 'file_uploaded', file });
    return file;
  }

  fileByUploadToken(token: string): FakeFile | undefined {
    for (const file of this.files.values()) if (file.uploadToken === token) return file;
    return undefined;
  }

  receiveFileBytes(file: FakeFile, bytes: Buffer): void {
    file.bytes = bytes;
    this.change({ kind: 'file_uploaded', file });
  }

  // ---- triggers ----

  issueTrigger(user: string, channel?: string): TriggerRecord {
    const id = `${this.now()}${String(this.triggers.size).padStart(4, '0')}.1.${randomBytes(16).toString('hex')}`;
    const trigger: TriggerRecord = {
      id,
      user,
      issuedAt: this.now(),
      used: false,
      ...(channel ? { channel } : {}),
    };
    this.triggers.set(id, trigger);
    return trigger;
  }

  /** Whether a trigger_id may be exchanged now; does not use it up. */
  checkTrigger(id: unknown): TriggerCheck {
    if (typeof id !== 'string' || id.length === 0) return { ok: false, error: 'invalid_trigger_id' };
    const trigger = this.triggers.get(id);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.now() - trigger.issuedAt > this.triggerTtlMs) return { ok: false, error: 'expired_trigger_id' };
    return { ok: true, trigger };
  }

  // ---- response URLs ----

  addResponseUrl(context: ResponseUrlContext): ResponseUrlRecord {
    const record: ResponseUrlRecord = {
      ...context,
      id: randomBytes(12).toString('hex'),
      uses: 0,
      createdAt: this.now(),
    };
    this.responseUrls.set(record.id, record);
    return record;
  }

  // ---- views ----

  openViewStack(user: string): FakeView[] {
    const stack = this.viewStacks.get(user) ?? [];
    return stack.flatMap((id) => {
      const view = this.views.get(id);
      return view ? [view] : [];
    });
  }

  /** Stores a new view and puts it on top of the user's stack (a new root when `asRoot`). */
  pushView(user: string, view: Record<string, unknown>, asRoot: boolean): FakeView {
    if (asRoot) this.closeStack(user);
    const stack = this.viewStacks.get(user) ?? [];
    const id = this.nextId('V');
    const rootViewId = asRoot ? id : (stack[0] ?? id);
    const previousViewId = asRoot ? null : (stack[stack.length - 1] ?? null);
    const hash = this.nextHash();
    const externalId =
      typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
    const record: FakeView = {
      id,
      user,
      view: buildViewOutput(view, { id, hash, rootViewId, previousViewId }),
      state: 'open',
      rootViewId,
      previousViewId,
      hash,
      ...(externalId ? { externalId } : {}),
    };
    this.views.set(id, record);
    this.viewStacks.set(user, [...stack, id]);
    this.change({ kind: 'view_opened', view: record });
    return record;
  }

  findOpenView(by: { viewId?: unknown; externalId?: unknown }): FakeView | undefined {
    for (const view of this.views.values()) {
      if (view.state !== 'open') continue;
      if (typeof by.viewId === 'string' && view.id === by.viewId) return view;
      if (typeof by.externalId === 'string' && view.externalId === by.externalId) return view;
    }
    return undefined;
  }

  replaceView(record: FakeView, view: Record<string, unknown>): FakeView {
    record.hash = this.nextHash();
    const previousState = record.view.state;
    record.view = buildViewOutput(view, {
      id: record.id,
      hash: record.hash,
      rootViewId: record.rootViewId,
      previousViewId: record.previousViewId,
    });
    // Slack keeps what the user typed when the new view has the same input blocks.
    if (previousState !== undefined) record.view.state = previousState;
    const externalId =
      typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
    if (externalId) record.externalId = externalId;
    delete record.errors;
    delete record.submissionFailure;
    this.change({ kind: 'view_updated', view: record });
    return record;
  }

  setViewErrors(record: FakeView, errors: Record<string, string>): void {
    record.errors = errors;
    delete record.submissionFailure;
    this.change({ kind: 'view_updated', view: record });
  }

  /** The view stays as it was, with Slack's generic error at the top. */
  setSubmissionFailure(record: FakeView): void {
    record.submissionFailure = SUBMISSION_FAILED_TEXT;
    this.change({ kind: 'view_updated', view: record });
  }

  /** Closes one view and every view pushed above it. */
  closeView(viewId: string): void {
    const record = this.views.get(viewId);
    if (!record || record.state === 'closed') return;
    const stack = this.viewStacks.get(record.user) ?? [];
    const index = stack.indexOf(viewId);
    const closing = index >= 0 ? stack.slice(index) : [viewId];
    this.viewStacks.set(record.user, index >= 0 ? stack.slice(0, index) : stack);
    for (const id of closing.reverse()) {
      const view = this.views.get(id);
      if (!view || view.state === 'closed') continue;
      view.state = 'closed';
      this.change({ kind: 'view_closed', view });
    }
  }

  closeStack(user: string): void {
    const root = this.viewStacks.get(user)?.[0];
    if (root) this.closeView(root);
  }

  // ---- Home tabs ----

  /**
   * Publishes `view` as the user's Home tab: the first publish gives it an id, which it keeps like
   * Slack's; every publish gives it a new hash.
   */
  publishHomeView(user: string, view: Record<string, unknown>): FakeView {
    const existing = this.homeViews.get(user);
    const id = existing?.id ?? this.nextId('V');
    const hash = this.nextHash();
    const externalId =
      typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
    const record: FakeView = {
      id,
      user,
      view: buildHomeViewOutput(view, { id, hash }),
      state: 'open',
      rootViewId: id,
      previousViewId: null,
      hash,
      ...(externalId ? { externalId } : {}),
    };
    this.homeViews.set(user, record);
    this.change({ kind: 'home_published', view: record });
    return record;
  }

  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    for (const list of this.messages.values()) list.length = 0;
    this.views.clear();
    this.viewStacks.clear();
    this.homeViews.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.files.clear();
    this.change({ kind: 'reset' });
  }
}

function kindOf(name: string, mimetype?: string): Pick<FakeFile, 'mimetype' | 'filetype'> {
  const kind = fileKind(name, mimetype);
  return { mimetype: kind.mimetype, filetype: kind.filetype };
}

interface ViewIdentity {
  id: string;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
}

/** The view as Slack echoes it back from views.open/update/push and in interaction payloads. */
function buildViewOutput(view: Record<string, unknown>, identity: ViewIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    team_id: FAKE_WORKSPACE.teamId,
    type: view.type,
    title: view.title,
    submit: view.submit ?? null,
    close: view.close ?? null,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    external_id: view.external_id ?? '',
    state: { values: {} },
    hash: identity.hash,
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    root_view_id: identity.rootViewId,
    previous_view_id: identity.previousViewId,
    app_id: FAKE_WORKSPACE.appId,
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
  };
}

/**
 * A Home tab as Slack echoes it from views.publish and puts it in app_home_opened events and
 * block_actions payloads: no title, submit or close; its own root.
 */
function buildHomeViewOutput(
  view: Record<string, unknown>,
  identity: { id: string; hash: string },
): Record<string, unknown> {
  return {
    id: identity.id,
    team_id: FAKE_WORKSPACE.teamId,
    type: 'home',
    close: null,
    submit: null,
    blocks: view.blocks ?? [],
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    state: { values: {} },
    hash: identity.hash,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: identity.id,
    previous_view_id: null,
    app_id: FAKE_WORKSPACE.appId,
    external_id: view.external_id ?? '',
    app_installed_team_id: FAKE_WORKSPACE.teamId,
    bot_id: FAKE_WORKSPACE.botId,
  };
}
