import { FAKE_WORKSPACE, type FakeMessage, type FakeSlack } from '../fake-slack/index.js';

/** The workspace as one person sees it: what the page draws. Everything here is JSON for the browser. */
export interface WorkspaceSnapshot {
  version: number;
  me: string;
  workspace: { name: string; botUserId: string; botName: string };
  users: Array<{ id: string; name: string; realName: string; isBot: boolean }>;
  channels: ChannelSnapshot[];
  /** top-level messages per channel, oldest first, ephemerals only when they are mine */
  messages: Record<string, MessageSnapshot[]>;
  /** the modal on top of my stack */
  view: ViewSnapshot | null;
  /** my Home tab as the app last published it; null until it has */
  home: HomeSnapshot | null;
  /** the latest messages or views Slack would have refused for breaking its limits */
  violations: Array<{ method: string; violations: string[]; rejected: boolean }>;
}

export interface ChannelSnapshot {
  id: string;
  name: string;
  kind: 'channel' | 'private' | 'im';
  isCompliance: boolean;
  botIsMember: boolean;
}

export interface MessageSnapshot {
  ts: string;
  user: string;
  isBot: boolean;
  text: string;
  blocks?: unknown[];
  ephemeral: boolean;
  edited: boolean;
  /** wall-clock ms when the workbench saw it arrive (the fake's ts values are synthetic) */
  postedAt: number | null;
  threadTs?: string;
  /** on parents only */
  replies?: MessageSnapshot[];
  /**
   * files shared with the message: the page shows their names and sizes, and links each (by id) to the
   * workbench's download route; the content is never in the snapshot
   */
  files?: Array<{ id: string; name: string; size: number }>;
}

export interface ViewSnapshot {
  id: string;
  hash: string;
  callbackId: string;
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  /** what was typed at the last submission (Slack keeps it across updates) */
  values: Record<string, Record<string, unknown>>;
  errors: Record<string, string>;
  /** Slack's generic error at the top of the modal after a submission that got no usable ack */
  submissionFailure: string | null;
  stackDepth: number;
}

export interface HomeSnapshot {
  id: string;
  hash: string;
  blocks: unknown[];
}

const VIOLATIONS_SHOWN = 5;

/** Remembers when each message arrived, so the page can show real times. */
export class ArrivalTimes {
  private readonly times = new Map<string, number>();

  record(message: Pick<FakeMessage, 'channel' | 'ts'>, at: number): void {
    this.times.set(`${message.channel}/${message.ts}`, at);
  }

  of(message: Pick<FakeMessage, 'channel' | 'ts'>): number | null {
    return this.times.get(`${message.channel}/${message.ts}`) ?? null;
  }
}

export function workspaceSnapshot(
  fake: FakeSlack,
  me: string,
  version: number,
  arrivals: ArrivalTimes,
  /** the app's compliance channels (the fake's own flag when not given) */
  complianceChannels?: ReadonlySet<string>,
): WorkspaceSnapshot {
  const store = fake.store;
  const visible = (message: FakeMessage) => message.ephemeralFor === undefined || message.ephemeralFor === me;
  const toSnapshot = (message: FakeMessage): MessageSnapshot => ({
    ts: message.ts,
    user: message.user,
    isBot: message.botId !== undefined,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ephemeral: message.ephemeralFor !== undefined,
    edited: message.editedAt !== undefined,
    postedAt: arrivals.of(message),
    ...(message.threadTs ? { threadTs: message.threadTs } : {}),
    ...(message.files ? { files: message.files.map(({ id, name, size }) => ({ id, name, size })) } : {}),
  });

  const channels = [...store.channels.values()].filter((channel) => channel.members.includes(me));
  const messages: Record<string, MessageSnapshot[]> = {};
  for (const channel of channels) {
    const all = (store.messages.get(channel.id) ?? []).filter(visible);
    const repliesByParent = new Map<string, MessageSnapshot[]>();
    for (const message of all) {
      if (message.threadTs === undefined || message.threadTs === message.ts) continue;
      const list = repliesByParent.get(message.threadTs) ?? [];
      list.push(toSnapshot(message));
      repliesByParent.set(message.threadTs, list);
    }
    messages[channel.id] = all
      .filter((message) => message.threadTs === undefined || message.threadTs === message.ts)
      .map((message) => {
        const replies = repliesByParent.get(message.ts);
        return replies ? { ...toSnapshot(message), replies } : toSnapshot(message);
      });
  }

  const stack = fake.openViews(me);
  const top = stack[stack.length - 1];
  const view: ViewSnapshot | null = top
    ? {
        id: top.id,
        hash: top.hash,
        callbackId: String(top.view.callback_id ?? ''),
        title: top.view.title,
        submit: top.view.submit ?? null,
        close: top.view.close ?? null,
        blocks: Array.isArray(top.view.blocks) ? top.view.blocks : [],
        values: stateValues(top.view.state),
        errors: top.errors ?? {},
        submissionFailure: top.submissionFailure ?? null,
        stackDepth: stack.length,
      }
    : null;

  const published = fake.homeView(me);
  const home: HomeSnapshot | null = published
    ? {
        id: published.id,
        hash: published.hash,
        blocks: Array.isArray(published.view.blocks) ? published.view.blocks : [],
      }
    : null;

  return {
    version,
    me,
    workspace: {
      name: FAKE_WORKSPACE.teamName,
      botUserId: FAKE_WORKSPACE.botUserId,
      botName: FAKE_WORKSPACE.botName,
    },
    users: [...store.users.values()].map((user) => ({
      id: user.id,
      name: user.name,
      realName: user.realName,
      isBot: user.isBot,
    })),
    channels: channels.map((channel) => ({
      id: channel.id,
      name: channel.name,
      kind: channel.isIm ? 'im' : channel.isPrivate ? 'private' : 'channel',
      isCompliance: complianceChannels ? complianceChannels.has(channel.id) : channel.isCompliance,
      botIsMember: channel.isMember,
    })),
    messages,
    view,
    home,
    violations: fake.violations.slice(-VIOLATIONS_SHOWN).map((violation) => ({
      method: violation.method,
      violations: violation.violations,
      rejected: violation.rejected,
    })),
  };
}

function stateValues(state: unknown): Record<string, Record<string, unknown>> {
  if (typeof state !== 'object' || state === null) return {};
  const values = (state as { values?: unknown }).values;
  return typeof values === 'object' && values !== null
    ? (values as Record<string, Record<string, unknown>>)
    : {};
}
