import type { AckFn, AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { type QueryAudit, type QuerySurface, startQueryAudit } from '../../audit/auditLog.js';
import type { AppServices } from '../appServices.js';
import { createOutbox, type Outbox } from '../delivery/outbox.js';
import type { PrivateAudience } from '../delivery/privateReply.js';
import type { JuheDataView, SlackMessage } from '../message.js';
import { decodeViewOrigin } from '../viewMetadata.js';

/** Something on screen that says "working…" for this request: an unexpected failure must replace it. */
export type ShownProgress =
  | { kind: 'message'; channel: string; ts: string }
  | { kind: 'ephemeral'; responseUrl: string }
  | { kind: 'modal'; viewId: string };

/** Slack's ack, remembering whether it was called: the error path answers in the ack when it still can. */
export interface TrackedAck {
  // biome-ignore lint/suspicious/noExplicitAny: Bolt's ack takes a different body per surface
  (response?: any): Promise<void>;
  readonly done: boolean;
}

/**
 * Everything about one Slack request that the middleware and the flows share: who asked, where from,
 * where a private answer can go, its audit, its outbox, and what it has shown so far. Built once per
 * request from the payload, before any listener runs.
 */
export interface RequestScope {
  surface: QuerySurface | 'other';
  /** the requester; '' when the payload names none (the guard for malformed payloads acks those) */
  userId: string;
  /** where a private answer goes: the request's channel, a modal's origin, else the user's DM */
  audience: PrivateAudience;
  /** view_submission: the modal and its callback_id */
  view?: { id: string; callbackId: string };
  triggerId?: string;
  ack: TrackedAck;
  /** a command answered in its own ack (help, usage, "working…"): ephemeral, presented */
  ackWithMessage(message: SlackMessage): Promise<void>;
  /** a modal submission answered by turning the modal into this view, presented */
  ackWithView(view: ModalView | JuheDataView): Promise<void>;
  audit: QueryAudit;
  outbox: Outbox;
  progress: ShownProgress[];
}

const SCOPE_KEY = 'requestScope';

export function scopeOf(context: Context): RequestScope {
  const scope = context[SCOPE_KEY] as RequestScope | undefined;
  if (scope === undefined) throw new Error('the request scope middleware did not run');
  return scope;
}

export function findScope(context: Context | undefined): RequestScope | undefined {
  return context?.[SCOPE_KEY] as RequestScope | undefined;
}

function track(ack: AckFn<unknown> | undefined): TrackedAck {
  let done = false;
  const tracked = async (response?: unknown) => {
    if (done) return;
    done = true;
    if (ack) await ack(response as never);
  };
  Object.defineProperty(tracked, 'done', { get: () => done });
  return tracked as TrackedAck;
}

interface PayloadFacts {
  surface: RequestScope['surface'];
  /** where the query was asked, for the audit: a modal opened by the message shortcut counts as the shortcut */
  askedOn: QuerySurface;
  userId: string;
  channelId: string | undefined;
  responseUrl: string | undefined;
  threadTs: string | undefined;
  triggerId: string | undefined;
  view: RequestScope['view'];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads the few facts every surface needs, tolerating payloads that lack them (never throws). */
function readPayload(body: unknown): PayloadFacts {
  const record = (body ?? {}) as Record<string, unknown>;
  const nested = (key: string) => (record[key] ?? {}) as Record<string, unknown>;
  const user = nested('user');
  const facts: PayloadFacts = {
    surface: 'other',
    askedOn: 'command',
    userId: text(record.user_id) ?? text(user.id) ?? '',
    channelId: text(record.channel_id) ?? text(nested('channel').id) ?? text(nested('container').channel_id),
    responseUrl: text(record.response_url),
    threadTs: undefined,
    triggerId: text(record.trigger_id),
    view: undefined,
  };
  if (typeof record.command === 'string') return { ...facts, surface: 'command' };
  switch (record.type) {
    case 'block_actions':
      return { ...facts, surface: 'button', askedOn: 'button' };
    case 'message_action':
      return { ...facts, surface: 'shortcut', askedOn: 'shortcut' };
    case 'view_submission': {
      const view = nested('view');
      const origin = decodeViewOrigin(text(view.private_metadata));
      return {
        ...facts,
        surface: 'modal',
        askedOn: origin?.openedBy ?? 'modal',
        channelId: origin?.channelId,
        responseUrl: origin?.responseUrl,
        threadTs: origin?.threadTs,
        view: { id: text(view.id) ?? '', callbackId: text(view.callback_id) ?? '' },
      };
    }
    default:
      return facts;
  }
}

/**
 * Global middleware: builds the request scope. A modal always comes from a channel; without a readable
 * origin (a forged or edited view) the answer goes to the user's DM with the app.
 */
export function requestScopeMiddleware(services: AppServices): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, context, client, next } = args;
    const facts = readPayload(body);
    const channelId = facts.channelId ?? facts.userId;
    const audience: PrivateAudience = {
      userId: facts.userId,
      channelId,
      ...(facts.responseUrl ? { responseUrl: facts.responseUrl } : {}),
      ...(facts.threadTs ? { threadTs: facts.threadTs } : {}),
    };
    const ack = track('ack' in args ? (args.ack as AckFn<unknown>) : undefined);
    const { present } = services;
    const scope: RequestScope = {
      surface: facts.surface,
      userId: facts.userId,
      audience,
      ...(facts.view ? { view: facts.view } : {}),
      ...(facts.triggerId ? { triggerId: facts.triggerId } : {}),
      ack,
      ackWithMessage: (message) => ack({ response_type: 'ephemeral', ...present.message(message) }),
      ackWithView: (view) => ack({ response_action: 'update', view: present.view(view) }),
      audit: startQueryAudit(services.audit, {
        requester: facts.userId,
        channel: facts.channelId ?? null,
        surface: facts.askedOn,
      }),
      outbox: createOutbox({
        client,
        present,
        logger: services.logger,
        responseUrlPolicy: services.responseUrlPolicy,
      }),
      progress: [],
    };
    context[SCOPE_KEY] = scope;
    await next();
  };
}
