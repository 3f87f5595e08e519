import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/auditLog.js';
import { createJuheClient } from '../../src/juhe/client.js';
import type { JuheService } from '../../src/juhe/types.js';
import { interactionBody, messageActionPayload } from '../../src/local/fake-slack/payloads.js';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { refusalMessage } from '../../src/slack/blocks/errors.js';
import { ACTION_IDS } from '../../src/slack/ids.js';
import { type Harness, IDS, personalDataSentToSlack, startHarness, textOf, waitUntil } from './harness.js';

/**
 * The cross-cutting concerns through the real receiver: one refusal shape and one audit event per
 * query on every surface, and one path for unexpected failures that tells the person the id the log
 * line carries.
 */

/** Every field of an audit log line, on every surface (null where it does not apply). */
const AUDIT_FIELDS: ReadonlyArray<keyof AuditEvent | 'queryId'> = [
  'api',
  'billed',
  'cacheHit',
  'channel',
  'consent',
  'latencyMs',
  'orderIds',
  'outcome',
  'purpose',
  'queryId',
  'recordCounts',
  'requester',
  'subject',
  'surface',
  'type',
];

let sandbox: JuheSandbox;
let juhe: JuheService & { failing: boolean };
let h: Harness;

beforeAll(async () => {
  // Our own Juhe client in front of a sandbox, so a test can make it fail in a way nobody foresaw.
  sandbox = await startJuheSandbox({ slowMs: 20 });
  const real = createJuheClient({
    baseUrl: sandbox.url,
    riskKey: DEFAULT_SANDBOX_KEYS.risk,
    financeKey: DEFAULT_SANDBOX_KEYS.finance,
    timeoutMs: 5000,
    logger: createLogger({ level: 'silent' }),
  });
  const failure = () => Promise.reject(new TypeError('a bug nobody foresaw'));
  juhe = {
    failing: false,
    queryRisk: (query) => (juhe.failing ? failure() : real.queryRisk(query)),
    queryFinance: (query) => (juhe.failing ? failure() : real.queryFinance(query)),
    close: () => real.close(),
  };
  h = await startHarness({
    allowedUserIds: [IDS.analyst],
    financeAllowedUserIds: [IDS.analyst],
    juhe,
  });
});

afterAll(async () => {
  expect(personalDataSentToSlack(h)).toEqual([]);
  await h.close();
  await sandbox.close();
});

function auditEvents(): AuditEvent[] {
  return h.logLines.flatMap((line) => {
    const parsed = JSON.parse(line) as { audit?: AuditEvent };
    return parsed.audit ? [parsed.audit] : [];
  });
}

async function newAuditEvent(run: () => Promise<unknown>): Promise<AuditEvent> {
  const before = auditEvents().length;
  await run();
  return waitUntil(() => auditEvents()[before]);
}

async function nextEphemeral(
  user: string,
  channel: string,
  run: () => Promise<unknown>,
): Promise<FakeMessage> {
  const before = h.fake.ephemeralsFor(user, channel).length;
  await run();
  return h.privateAnswer(before, { user, channel });
}

/** A private page of results the analyst got, with its Prev / Next buttons. */
async function analystPage(): Promise<FakeMessage> {
  return nextEphemeral(IDS.analyst, IDS.generalChannel, () => h.slash('/risk', '江苏 张德洲 1'));
}

async function openRiskModal() {
  await h.slash('/risk', '');
  return h.waitForView(IDS.analyst, 'risk_query', (v) => !v.errors);
}

const riskValues = (keyword: string, realname: string, type: string) => ({
  keyword: { keyword_input: { type: 'plain_text_input', value: keyword } },
  realname: { realname_input: { type: 'plain_text_input', value: realname } },
  type: { type_select: { type: 'static_select', selected_option: { value: type } } },
});

const financeValues = {
  realname: { realname_input: { type: 'plain_text_input', value: '张德洲' } },
  idcard: { idcard_input: { type: 'plain_text_input', value: '11010519491231002X' } },
  mobile: { mobile_input: { type: 'plain_text_input', value: '13812345678' } },
  purpose: { purpose_input: { type: 'plain_text_input', value: 'Onboarding a new supplier' } },
  consent: { consent_checkbox: { type: 'checkboxes', selected_options: [{ value: 'attested' }] } },
};

describe('access: one refusal shape on every surface', () => {
  const riskRefusal = refusalMessage('en', 'risk').blocks;
  const financeRefusal = refusalMessage('en', 'finance').blocks;

  it('a /risk query, a bare /risk and /finance are refused in the ack, audited, nothing opened', async () => {
    for (const [text, command, blocks] of [
      ['江苏 张德洲 1', '/risk', riskRefusal],
      ['', '/risk', riskRefusal],
      ['', '/finance', financeRefusal],
    ] as const) {
      let ack: Awaited<ReturnType<Harness['slash']>> | undefined;
      const event = await newAuditEvent(async () => {
        ack = await h.slash(command, text, { user: IDS.refused });
      });
      expect(ack?.ackMessage?.response_type).toBe('ephemeral');
      expect(ack?.ackMessage?.blocks).toEqual(blocks);
      expect(event).toMatchObject({
        requester: IDS.refused,
        surface: 'command',
        api: command === '/risk' ? 'risk' : 'finance',
        outcome: 'refused',
        billed: false,
      });
    }
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
    expect(sandbox.requestCount()).toBe(0);
  });

  it('a modal submission turns the modal into the same refusal', async () => {
    const modal = await openRiskModal();
    let body = '';
    const event = await newAuditEvent(async () => {
      body = (await h.submitView(modal, riskValues('江苏', '张德洲', '1'), IDS.refused)).body;
    });
    const ack = JSON.parse(body) as { response_action: string; view: { blocks: unknown[] } };
    expect(ack.response_action).toBe('update');
    expect(ack.view.blocks).toEqual(riskRefusal);
    expect(event).toMatchObject({ requester: IDS.refused, surface: 'modal', outcome: 'refused' });
    expect(sandbox.requestCount()).toBe(0);
  });

  it('a page button and the message shortcut answer privately with the same refusal', async () => {
    const page = await analystPage();
    sandbox.resetRequests();
    let refusal: FakeMessage | undefined;
    const clicked = await newAuditEvent(async () => {
      refusal = await nextEphemeral(IDS.refused, IDS.generalChannel, () =>
        h.clickButton(page, ACTION_IDS.nextPage, { user: IDS.refused }),
      );
    });
    expect(refusal?.blocks).toEqual(riskRefusal);
    expect(clicked).toMatchObject({ surface: 'button', outcome: 'refused' });

    const source = h.fake.store.addMessage({
      channel: IDS.generalChannel,
      user: IDS.analyst,
      text: '江苏 张德洲',
      via: 'test',
    });
    const shortcut = await newAuditEvent(async () => {
      refusal = await nextEphemeral(IDS.refused, IDS.generalChannel, () =>
        h.messageShortcut(source, IDS.refused),
      );
    });
    expect(refusal?.blocks).toEqual(riskRefusal);
    expect(shortcut).toMatchObject({ surface: 'shortcut', outcome: 'refused' });
    expect(h.fake.openViews(IDS.refused)).toEqual([]);
    expect(sandbox.requestCount()).toBe(0);
  });
});

describe('audit: one event per query, the same fields on every surface', () => {
  it('command, compliance command, modal, button, finance modal and shortcut each write exactly one event', async () => {
    const before = auditEvents().length;
    const page = await analystPage();
    await h.slash('/risk', '江苏 张德洲 2', { channel: IDS.complianceChannel });
    await waitUntil(() => (auditEvents().length >= before + 2 ? true : undefined));
    const modal = await openRiskModal();
    await h.submitView(modal, riskValues('江苏', '李娜', '3'));
    await waitUntil(() => (auditEvents().length >= before + 3 ? true : undefined));
    await h.clickButton(page, ACTION_IDS.nextPage);
    await waitUntil(() => (auditEvents().length >= before + 4 ? true : undefined));
    await h.slash('/finance', '');
    const finance = await h.waitForView(IDS.analyst, 'finance_query');
    await h.submitView(finance, financeValues);
    await waitUntil(() => (auditEvents().length >= before + 5 ? true : undefined), 8000);
    // A query asked through the message shortcut's modal counts as asked on the shortcut.
    const { modal: prefilled } = await h.riskCheckOn(IDS.generalChannel, '江苏 赵敏 限消', '赵敏');
    await h.submitView(prefilled, riskValues('江苏', '赵敏', '3'));
    await waitUntil(() => (auditEvents().length >= before + 6 ? true : undefined), 8000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const events = auditEvents().slice(before);
    expect(events.map((e) => [e.surface, e.api, e.type])).toEqual([
      ['command', 'risk', '1'],
      ['command', 'risk', '2'],
      ['modal', 'risk', '3'],
      ['button', 'risk', '1'],
      ['modal', 'finance', null],
      ['shortcut', 'risk', '3'],
    ]);
    for (const event of events) expect(Object.keys(event).sort()).toEqual(AUDIT_FIELDS);
    expect(events[4]).toMatchObject({ purpose: '(sealed)', consent: true, outcome: '0' });
    expect(events[0]).toMatchObject({
      consent: null,
      purpose: null,
      channel: IDS.generalChannel,
      outcome: '0',
    });
    // The subject is masked in the audit log line too.
    expect(JSON.stringify(events)).not.toMatch(/张德洲|11010519491231002X|13812345678/);
  });
});

describe('unexpected errors: one path, the id on the log line and in front of the person', () => {
  function referenceIn(blocks: unknown): string {
    const reference = /\b([0-9A-F]{8})\b/.exec(textOf(blocks))?.[1];
    expect(reference, textOf(blocks)).toBeDefined();
    return reference as string;
  }

  function expectLogged(reference: string, surface: string): void {
    const line = h.logLines
      .map(
        (l) =>
          JSON.parse(l) as {
            level: number;
            referenceId?: string;
            surface?: string;
            msg: string;
            requestId?: string;
          },
      )
      .find((l) => l.referenceId === reference && l.msg === 'unexpected failure');
    // the error handler runs inside the request: its line carries the request's fields
    expect(line, `log line for ${reference}`).toMatchObject({
      level: 50,
      surface,
      requestId: expect.any(String),
      user: IDS.analyst,
    });
  }

  it('reaches the person on each surface: command, compliance parent, modal, finance modal, button, shortcut', async () => {
    // Subjects and pages not asked before: a cached page would answer without calling the failing client.
    const first = await analystPage();
    await h.clickButton(first, ACTION_IDS.nextPage);
    const page = await h.waitForMessage(() =>
      h.fake
        .ephemeralsFor(IDS.analyst, IDS.generalChannel)
        .find((m) => m.ts === first.ts && /Page 2 of/.test(textOf(m.blocks))),
    );
    const modal = await openRiskModal();
    juhe.failing = true;
    try {
      const command = await nextEphemeral(IDS.analyst, IDS.generalChannel, () =>
        h.slash('/risk', '江苏 王芳 1'),
      );
      expectLogged(referenceIn(command.blocks), 'command');

      await h.slash('/risk', '江苏 王芳 3', { channel: IDS.complianceChannel });
      const parent = await h.waitForMessage(() =>
        h.fake.messagesIn(IDS.complianceChannel).find((m) => /\b[0-9A-F]{8}\b/.test(textOf(m.blocks))),
      );
      expectLogged(referenceIn(parent.blocks), 'command');

      const submitted = await nextEphemeral(IDS.analyst, IDS.generalChannel, () =>
        h.submitView(modal, riskValues('江苏', '王芳', '2')),
      );
      expectLogged(referenceIn(submitted.blocks), 'modal');

      await h.slash('/finance', '');
      const finance = await h.waitForView(IDS.analyst, 'finance_query');
      await h.submitView(finance, financeValues);
      const notice = await h.waitForViewContent(finance.id, (v) =>
        /\b[0-9A-F]{8}\b/.test(textOf(v.view.blocks)),
      );
      expectLogged(referenceIn(notice.view.blocks), 'modal');

      const clicked = await nextEphemeral(IDS.analyst, IDS.generalChannel, () =>
        h.clickButton(page, ACTION_IDS.nextPage),
      );
      expectLogged(referenceIn(clicked.blocks), 'button');

      // A shortcut whose trigger Slack no longer accepts: views.open fails after the ack.
      const responseUrl = h.fake.createResponseUrl({ channel: IDS.generalChannel, user: IDS.analyst });
      const shortcut = await nextEphemeral(IDS.analyst, IDS.generalChannel, () =>
        h.post(
          interactionBody(
            messageActionPayload({
              callback_id: 'risk_check_message',
              user: IDS.analyst,
              channel: IDS.generalChannel,
              message: { ts: '1700000000.000100', text: '江苏 张德洲', user: IDS.analyst },
              trigger_id: 'trigger-that-was-never-issued',
              response_url: responseUrl,
            }),
          ),
        ),
      );
      expectLogged(referenceIn(shortcut.blocks), 'shortcut');

      // Queries that failed this way are still audited, once each.
      const unexpected = auditEvents().filter((e) => e.outcome === 'unexpected');
      expect(unexpected.map((e) => e.surface)).toEqual(['command', 'command', 'modal', 'modal', 'button']);
    } finally {
      juhe.failing = false;
    }
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
