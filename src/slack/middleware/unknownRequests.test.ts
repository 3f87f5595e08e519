import type { App, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../../test/support/capturedLog.js';
import {
  blockActionsPayload,
  messageActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../../local/fake-slack/payloads.js';
import { createLogger } from '../../logging/logger.js';
import type { AppServices } from '../appServices.js';
import { ACTION_IDS, CALLBACK_IDS, COMMANDS } from '../ids.js';
import { registerListeners } from '../registerListeners.js';
import { findUnhandled, findUnroutable, registerUnknownRequestGuard } from './unknownRequests.js';

const click = (actionId: string) =>
  blockActionsPayload({
    user: 'U1',
    channel: 'C1',
    container: { type: 'message', message_ts: '1.2', channel_id: 'C1', is_ephemeral: true },
    actions: [{ action_id: actionId, block_id: 'risk_pagination', value: 'v' }],
    trigger_id: 't',
    response_url: 'https://hooks.slack.com/actions/T1/1/x',
  });
const submit = (callbackId: string) =>
  viewSubmissionPayload({
    user: 'U1',
    trigger_id: 't',
    view: { id: 'V1', callback_id: callbackId, state: { values: {} }, hash: 'h' },
  });
const shortcut = (callbackId: string) =>
  messageActionPayload({
    callback_id: callbackId,
    user: 'U1',
    channel: 'C1',
    message: { ts: '1.2', text: '江苏 张德洲', user: 'U2' },
    trigger_id: 't',
    response_url: 'https://hooks.slack.com/app/T1/1/x',
  });
const command = (name: string) => ({
  command: name,
  text: '',
  user_id: 'U1',
  channel_id: 'C1',
  trigger_id: 't',
  response_url: 'https://hooks.slack.com/commands/T1/1/x',
});

/** What registerListeners wires, recorded without a real Bolt App; anything else it calls fails the test. */
function registrations() {
  const seen = {
    commands: [] as unknown[],
    views: [] as unknown[],
    shortcuts: [] as unknown[],
    actions: [] as unknown[],
    events: [] as unknown[],
  };
  const app = new Proxy(
    {
      event: (type: unknown) => seen.events.push(type),
      command: (id: unknown) => seen.commands.push(id),
      view: (id: unknown) => seen.views.push(id),
      shortcut: (id: unknown) => seen.shortcuts.push(id),
      action: (id: unknown) => seen.actions.push(id),
    },
    {
      get(target, property) {
        if (property in target) return target[property as keyof typeof target];
        throw new Error(
          `registerListeners used app.${String(property)}: teach the unknown-request guard about it`,
        );
      },
    },
  );
  registerListeners(app as never, {} as AppServices);
  return seen;
}

describe('findUnhandled: what reaches a listener', () => {
  it('passes every command, action, view and shortcut that registerListeners wires', () => {
    const seen = registrations();
    for (const name of seen.commands) expect(findUnhandled(command(String(name)))).toBeUndefined();
    for (const id of seen.views) expect(findUnhandled(submit(String(id)))).toBeUndefined();
    for (const id of seen.shortcuts) expect(findUnhandled(shortcut(String(id)))).toBeUndefined();
    for (const type of seen.events) {
      expect(findUnhandled({ type: 'event_callback', event: { type, user: 'U1' } })).toBeUndefined();
    }
    const samples = [
      'risk_prev_page',
      'risk_next_page',
      'risk_show_type_1',
      'risk_show_type_2',
      'risk_show_type_3',
      ...Object.values(ACTION_IDS).filter((id) => id !== ACTION_IDS.showType),
    ];
    for (const sample of [...samples, 'risk_show_type_4', 'risk_show_type', 'risk_next_page_x', 'x']) {
      const listened = seen.actions.some((c) => (c instanceof RegExp ? c.test(sample) : c === sample));
      expect(findUnhandled(click(sample)) === undefined, sample).toBe(listened);
    }
    expect(seen.actions.length).toBeGreaterThan(0);
  });

  it('names an unknown action_id, callback_id, command or shortcut', () => {
    expect(findUnhandled(click('risk_delete_everything'))).toEqual({
      kind: 'block_actions',
      reason: 'unknown_id',
      idField: 'action_id',
      id: 'risk_delete_everything',
    });
    expect(findUnhandled(submit('other_modal'))).toMatchObject({ reason: 'unknown_id', id: 'other_modal' });
    expect(findUnhandled(shortcut('other_shortcut'))).toMatchObject({
      kind: 'message_action',
      idField: 'callback_id',
      id: 'other_shortcut',
    });
    expect(findUnhandled({ type: 'shortcut', callback_id: CALLBACK_IDS.riskCheckMessage })).toMatchObject({
      kind: 'shortcut',
      reason: 'unknown_id',
    });
    expect(findUnhandled(command('/other'))).toMatchObject({ idField: 'command', id: '/other' });
  });

  it('treats view_closed, events and option requests as having no listener', () => {
    const closed = viewClosedPayload({
      user: 'U1',
      view: { id: 'V1', callback_id: CALLBACK_IDS.riskQuery, state: { values: {} }, hash: 'h' },
    });
    expect(findUnhandled(closed)).toMatchObject({ kind: 'view_closed', reason: 'unknown_id' });
    expect(findUnhandled({ event: { type: 'app_mention' } })).toMatchObject({ reason: 'no_listener' });
    expect(findUnhandled({ type: 'block_suggestion', user: { id: 'U1' } })).toMatchObject({
      reason: 'no_listener',
    });
  });

  it.each([
    ['block_actions without user.id', { ...click(ACTION_IDS.nextPage), user: {} }, 'user.id'],
    ['block_actions without container', { ...click(ACTION_IDS.nextPage), container: undefined }, 'container'],
    ['block_actions with empty actions', { ...click(ACTION_IDS.nextPage), actions: [] }, 'actions'],
    [
      'block_actions with a numeric action_id',
      { ...click(ACTION_IDS.nextPage), actions: [{ action_id: 7 }] },
      'actions[0].action_id',
    ],
    [
      'block_actions with a non-text response_url',
      { ...click(ACTION_IDS.nextPage), response_url: 5 },
      'response_url',
    ],
    [
      'view_submission without view.state',
      (() => {
        const body = submit(CALLBACK_IDS.riskQuery);
        return { ...body, view: { ...(body.view as object), state: undefined } };
      })(),
      'view.state.values',
    ],
    [
      'view_submission without user.id',
      { ...submit(CALLBACK_IDS.financeQuery), user: { name: 'x' } },
      'user.id',
    ],
    [
      'message_action without channel',
      { ...shortcut(CALLBACK_IDS.riskCheckMessage), channel: undefined },
      'channel.id',
    ],
    ['command without user_id', { ...command(COMMANDS.risk), user_id: undefined }, 'user_id'],
  ])('calls %s malformed, naming the field', (_label, body, field) => {
    expect(findUnhandled(body)).toMatchObject({ reason: 'malformed', field });
  });

  it('never echoes an id that does not read like one (it may be personal data)', () => {
    expect(findUnhandled(click('张德洲'))).toMatchObject({ id: '(not shown)' });
    expect(findUnhandled(click('11010519491231002X'))).toMatchObject({ id: '(not shown)' });
    expect(findUnhandled(command('/risk now please'))).toMatchObject({ id: '(not shown)' });
  });
});

describe('findUnroutable: bodies Bolt itself cannot route', () => {
  it.each([
    ['block_actions without actions', { type: 'block_actions', user: { id: 'U1' } }, 'actions'],
    ['actions that are not a list', { type: 'block_actions', user: { id: 'U1' }, actions: {} }, 'actions'],
    ['block_actions without user', { ...click(ACTION_IDS.nextPage), user: undefined, team: null }, 'user'],
    ['view_submission without view', { type: 'view_submission', user: { id: 'U1' } }, 'view'],
    ['view_submission without user', { ...submit(CALLBACK_IDS.riskQuery), user: undefined }, 'user'],
    ['an event that is not an object', { event: 'x' }, 'event'],
    ['not an object', null, 'body'],
  ])('%s', (_label, body, field) => {
    expect(findUnroutable(body)).toMatchObject({ reason: 'malformed', field });
  });

  it('a body of no type Bolt knows', () => {
    expect(findUnroutable({ type: 'app_rate_limited' })).toMatchObject({ reason: 'no_listener' });
  });

  it('leaves everything Bolt can route to the middleware', () => {
    for (const body of [
      click('anything'),
      submit('anything'),
      shortcut('anything'),
      command('/anything'),
      { event: { type: 'app_mention' } },
    ]) {
      expect(findUnroutable(body)).toBeUndefined();
    }
  });
});

describe('registerUnknownRequestGuard', () => {
  function guardedApp() {
    const { lines, destination } = captureLog();
    const middleware: Array<(args: Record<string, unknown>) => Promise<void>> = [];
    const routed: ReceiverEvent[] = [];
    const app = {
      use: (fn: (args: Record<string, unknown>) => Promise<void>) => middleware.push(fn),
      processEvent: async (event: ReceiverEvent) => {
        routed.push(event);
      },
    };
    registerUnknownRequestGuard(app as unknown as App, createLogger({ level: 'debug', destination }));
    const [guard] = middleware;
    if (!guard) throw new Error('no middleware registered');
    return { app, guard, routed, lines };
  }

  it('acks an unknown request once, does not go on, and logs a warning naming the id', async () => {
    const { guard, lines } = guardedApp();
    const ack = vi.fn(async () => {});
    const next = vi.fn(async () => {});
    await guard({ body: click('risk_unknown_button'), ack, next });
    expect(ack).toHaveBeenCalledTimes(1);
    expect(next).not.toHaveBeenCalled();
    const line = JSON.parse(lines.at(-1) ?? '{}');
    expect(line.level).toBe(40);
    expect(line.unhandled).toMatchObject({ idField: 'action_id', id: 'risk_unknown_button' });
    expect(line.msg).toContain('unknown action_id');
  });

  it('leaves a handled request to its listener: no ack here', async () => {
    const { guard, lines } = guardedApp();
    const ack = vi.fn(async () => {});
    const next = vi.fn(async () => {});
    await guard({ body: click(ACTION_IDS.nextPage), ack, next });
    expect(next).toHaveBeenCalledTimes(1);
    expect(ack).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('an event (already acked by Bolt) is stopped without an ack', async () => {
    const { guard } = guardedApp();
    const next = vi.fn(async () => {});
    await guard({ body: { event: { type: 'app_mention' } }, next });
    expect(next).not.toHaveBeenCalled();
  });

  it('acks an unroutable body in front of Bolt and routes the rest', async () => {
    const { app, routed, lines } = guardedApp();
    const ack = vi.fn(async () => {});
    await app.processEvent({ body: { type: 'block_actions', user: { id: 'U1' } }, ack } as ReceiverEvent);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(routed).toEqual([]);
    expect(JSON.parse(lines.at(-1) ?? '{}').unhandled).toMatchObject({ field: 'actions' });
    const fine = { body: click(ACTION_IDS.nextPage), ack } as ReceiverEvent;
    await app.processEvent(fine);
    expect(routed).toEqual([fine]);
    expect(ack).toHaveBeenCalledTimes(1);
  });
});
