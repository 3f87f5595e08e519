import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../logging/logger.js';
import { ACTION_IDS, CALLBACK_IDS, COMMANDS, EVENT_TYPES, SHOW_TYPE_ACTION_PATTERN } from '../ids.js';

/**
 * Requests that no listener of this app handles. Left to Bolt, an unknown action_id, callback_id or
 * command is never acknowledged, so after 3 s the receiver answers 404 and Slack shows the user an
 * error; a payload without the fields a listener reads throws inside it (or inside Bolt) and is
 * answered 500. Here each is acknowledged at once, logged as a warning naming what was not known,
 * and nothing else runs.
 */
export interface Unhandled {
  /** block_actions, view_submission, command, message_action, … */
  kind: string;
  reason: 'unknown_id' | 'malformed' | 'no_listener';
  /** for unknown_id: which identifier, and its value when it reads like an identifier */
  idField?: 'action_id' | 'callback_id' | 'command';
  id?: string;
  /** for malformed: the first field that is missing or of the wrong type */
  field?: string;
}

/** The ids registerListeners wires (see registerListeners.ts; the unit test checks they agree). */
const ACTIONS: ReadonlySet<string> = new Set(
  Object.values(ACTION_IDS).filter((id) => id !== ACTION_IDS.showType),
);
/** The overview's "Show all" buttons, one per source: the same pattern actions/pagination.ts registers. */
const VIEW_SUBMISSIONS: ReadonlySet<string> = new Set([
  CALLBACK_IDS.riskQuery,
  CALLBACK_IDS.financeQuery,
  CALLBACK_IDS.riskWatch,
  CALLBACK_IDS.riskBatch,
]);
/** Events API events the app subscribes to (manifest.yml) and handles. */
const EVENTS: ReadonlySet<string> = new Set([EVENT_TYPES.appHomeOpened]);
const MESSAGE_SHORTCUTS: ReadonlySet<string> = new Set([CALLBACK_IDS.riskCheckMessage]);
const COMMAND_NAMES: ReadonlySet<string> = new Set(Object.values(COMMANDS));

/** Fields each listener reads without checking them first; without one it would throw. */
const REQUIRED_STRINGS = {
  command: ['user_id', 'channel_id', 'trigger_id', 'response_url'],
  block_actions: ['user.id'],
  view_submission: ['user.id', 'view.id'],
  message_action: ['user.id', 'channel.id', 'trigger_id', 'response_url', 'message.ts'],
} as const;
const REQUIRED_RECORDS = {
  block_actions: ['container'],
  view_submission: ['view.state.values'],
  message_action: ['message'],
} as const;
/** May be absent; when present, must be text. */
const OPTIONAL_STRINGS = {
  block_actions: ['response_url'],
  view_submission: ['view.private_metadata'],
  message_action: ['message.thread_ts', 'message.text'],
} as const;

/**
 * Undefined when a listener of this app will take `body`; otherwise why not. Pure, so that the
 * decision can be tested on payloads alone.
 */
export function findUnhandled(body: unknown): Unhandled | undefined {
  if (!isRecord(body)) return { kind: 'unknown', reason: 'malformed', field: 'body' };
  if (body.command !== undefined) return commandProblem(body);
  if (body.event !== undefined) {
    const type = at(body, 'event.type');
    if (typeof type === 'string' && EVENTS.has(type) && typeof at(body, 'event.user') === 'string') {
      return undefined;
    }
    return { kind: `event ${shown(type)}`, reason: 'no_listener' };
  }
  switch (body.type) {
    case 'block_actions':
      return blockActionsProblem(body);
    case 'view_submission':
      return viewSubmissionProblem(body);
    case 'message_action':
      return messageShortcutProblem(body);
    case 'view_closed':
    case 'shortcut': {
      // No listener for either: the modals do not ask for notify_on_close and there is no global shortcut.
      const callbackId = body.type === 'view_closed' ? at(body, 'view.callback_id') : body.callback_id;
      return { kind: body.type, reason: 'unknown_id', idField: 'callback_id', id: shown(callbackId) };
    }
    default:
      return { kind: shown(body.type), reason: 'no_listener' };
  }
}

function commandProblem(body: Record<string, unknown>): Unhandled | undefined {
  if (typeof body.command !== 'string') return { kind: 'command', reason: 'malformed', field: 'command' };
  if (!COMMAND_NAMES.has(body.command)) {
    return { kind: 'command', reason: 'unknown_id', idField: 'command', id: shown(body.command) };
  }
  return shapeProblem('command', body, REQUIRED_STRINGS.command, [], []);
}

function blockActionsProblem(body: Record<string, unknown>): Unhandled | undefined {
  const kind = 'block_actions';
  const first = Array.isArray(body.actions) ? body.actions[0] : undefined;
  if (!isRecord(first)) return { kind, reason: 'malformed', field: 'actions' };
  const actionId = first.action_id;
  if (typeof actionId !== 'string') return { kind, reason: 'malformed', field: 'actions[0].action_id' };
  if (!ACTIONS.has(actionId) && !SHOW_TYPE_ACTION_PATTERN.test(actionId)) {
    return { kind, reason: 'unknown_id', idField: 'action_id', id: shown(actionId) };
  }
  return shapeProblem(
    kind,
    body,
    REQUIRED_STRINGS.block_actions,
    REQUIRED_RECORDS.block_actions,
    OPTIONAL_STRINGS.block_actions,
  );
}

function viewSubmissionProblem(body: Record<string, unknown>): Unhandled | undefined {
  const kind = 'view_submission';
  const callbackId = at(body, 'view.callback_id');
  if (typeof callbackId !== 'string') return { kind, reason: 'malformed', field: 'view.callback_id' };
  if (!VIEW_SUBMISSIONS.has(callbackId)) {
    return { kind, reason: 'unknown_id', idField: 'callback_id', id: shown(callbackId) };
  }
  return shapeProblem(
    kind,
    body,
    REQUIRED_STRINGS.view_submission,
    REQUIRED_RECORDS.view_submission,
    OPTIONAL_STRINGS.view_submission,
  );
}

function messageShortcutProblem(body: Record<string, unknown>): Unhandled | undefined {
  const kind = 'message_action';
  if (typeof body.callback_id !== 'string') return { kind, reason: 'malformed', field: 'callback_id' };
  if (!MESSAGE_SHORTCUTS.has(body.callback_id)) {
    return { kind, reason: 'unknown_id', idField: 'callback_id', id: shown(body.callback_id) };
  }
  return shapeProblem(
    kind,
    body,
    REQUIRED_STRINGS.message_action,
    REQUIRED_RECORDS.message_action,
    OPTIONAL_STRINGS.message_action,
  );
}

function shapeProblem(
  kind: string,
  body: Record<string, unknown>,
  strings: readonly string[],
  records: readonly string[],
  optionalStrings: readonly string[],
): Unhandled | undefined {
  const field =
    strings.find((path) => typeof at(body, path) !== 'string') ??
    records.find((path) => !isRecord(at(body, path))) ??
    optionalStrings.find((path) => {
      const value = at(body, path);
      return value !== undefined && typeof value !== 'string';
    });
  return field === undefined ? undefined : { kind, reason: 'malformed', field };
}

/** Payload types Bolt routes besides commands, events, option requests and anything with `actions`. */
const BOLT_INTERACTIVE_TYPES: ReadonlySet<string> = new Set([
  'block_suggestion',
  'dialog_submission',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
]);

/**
 * Bodies that Bolt cannot even route to middleware: it finds no type in them (no ack: a 404 after
 * 3 s) or dereferences a missing `user` / `view` while reading who and where (a 500). Checked
 * before Bolt sees the request, with the same rules Bolt uses to pick a type.
 */
export function findUnroutable(body: unknown): Unhandled | undefined {
  if (!isRecord(body)) return { kind: 'unknown', reason: 'malformed', field: 'body' };
  if (body.event !== undefined) {
    return isRecord(body.event) ? undefined : { kind: 'event', reason: 'malformed', field: 'event' };
  }
  if (body.command !== undefined) return undefined;
  const kind = shown(body.type);
  const interactive =
    body.name !== undefined || body.actions !== undefined || BOLT_INTERACTIVE_TYPES.has(String(body.type));
  if (!interactive) {
    // block_actions without `actions` is the common broken shape; name what is missing.
    return body.type === 'block_actions'
      ? { kind, reason: 'malformed', field: 'actions' }
      : { kind, reason: 'no_listener' };
  }
  if (body.actions !== undefined && !Array.isArray(body.actions)) {
    return { kind, reason: 'malformed', field: 'actions' };
  }
  if ((body.type === 'view_submission' || body.type === 'view_closed') && !isRecord(body.view)) {
    return { kind, reason: 'malformed', field: 'view' };
  }
  if (!isRecord(body.user)) return { kind, reason: 'malformed', field: 'user' };
  return undefined;
}

/**
 * Installs the guard: a check in front of Bolt's routing for bodies Bolt cannot route, and one global
 * middleware for everything no listener takes. Either acknowledges at once and stops; a request a
 * listener handles passes both untouched and is acknowledged by that listener only.
 */
export function registerUnknownRequestGuard(app: App, logger: Logger): void {
  const route = app.processEvent.bind(app);
  // Bolt calls processEvent from its receivers (HTTP and Socket Mode) with the parsed, verified body.
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const unroutable = findUnroutable(event.body);
    if (unroutable === undefined) return route(event);
    logUnhandled(logger, unroutable);
    await event.ack();
  };

  app.use(async (args) => {
    const unhandled = findUnhandled(args.body);
    if (unhandled === undefined) {
      await args.next();
      return;
    }
    logUnhandled(logger, unhandled);
    // Events API requests have no ack here: Bolt acknowledged them before any middleware ran.
    const { ack } = args as { ack?: () => Promise<void> };
    if (ack) await ack();
  });
}

function logUnhandled(logger: Logger, unhandled: Unhandled): void {
  const message =
    unhandled.reason === 'unknown_id'
      ? `acknowledged ${unhandled.kind} with an unknown ${unhandled.idField}; nothing ran`
      : unhandled.reason === 'malformed'
        ? `acknowledged a malformed ${unhandled.kind}; nothing ran`
        : `acknowledged ${unhandled.kind}, which no listener handles; nothing ran`;
  logger.warn({ unhandled }, message);
}

/**
 * Identifiers as they may appear in a log line. These come from the request, so anything that does
 * not read like an identifier (a name, a sentence, a number run that could be a 身份证) is not shown.
 */
const SHOWABLE_ID = /^[A-Za-z_/][A-Za-z0-9_./:-]{0,99}$/;

function shown(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' && SHOWABLE_ID.test(value) ? value : '(not shown)';
}

function at(record: Record<string, unknown>, path: string): unknown {
  let node: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
