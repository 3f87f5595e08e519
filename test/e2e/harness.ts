import type { Writable } from 'node:stream';
import { type RunningApp, startApp } from '../../src/bootstrap.js';
import type { BudgetLimits } from '../../src/budgets/budgetLedger.js';
import type { Locale } from '../../src/i18n/catalog.js';
import type { JuheService } from '../../src/juhe/types.js';
import {
  appHomeOpenedBody,
  blockActionsPayload,
  homeBlockActionsPayload,
  interactionBody,
  messageActionPayload,
  postSignedToSlackEvents,
  type SignedPostOptions,
  type SignedPostResult,
  slashCommandBody,
  viewSubmissionPayload,
  withFileInputValues,
} from '../../src/local/fake-slack/payloads.js';
import { DEFAULT_USERS, type FakeUserSeed, SEED_IDS } from '../../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import { type SocketDelivery, socketEnvelopeOfBody } from '../../src/local/fake-slack/socketMode.js';
import type { FakeMessage, FakeView } from '../../src/local/fake-slack/store.js';
import { DEFAULT_SANDBOX_KEYS, type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { SCREENING_NOTICE_BLOCK_ID } from '../../src/slack/ids.js';
import { openComplianceRecord } from '../../src/store/complianceRecord.js';
import type { Database } from '../../src/store/database.js';
import { captureLog } from '../support/capturedLog.js';
import { assertNoPersonalDataInDatabase } from '../support/databaseDump.js';
import { openTestPglite } from '../support/testDatabase.js';

export const SIGNING_SECRET = 'e2e-signing-secret-not-real';
export const IDS = SEED_IDS;
const STORE = { auditRetentionDays: 1095, resultRetentionHours: 24 };

export interface HarnessOptions {
  allowedUserIds?: string[];
  financeAllowedUserIds?: string[];
  slowMs?: number;
  timeoutMs?: number;
  /** JUHE_MAX_CONCURRENCY / JUHE_QUEUE_TIMEOUT_MS (default: the app's 20 and 60 s) */
  maxConcurrency?: number;
  queueTimeoutMs?: number;
  locale?: Locale;
  riskKey?: string;
  /** replace the Juhe client (to inject an unexpected failure) */
  juhe?: JuheService;
  /** where log lines go instead of `logLines` (benchmarks log at info into a discarding stream) */
  log?: { level: string; destination: Writable };
  /** the database the app records into; default a fresh in-memory PGlite, scanned for personal data in clear and closed with the harness */
  database?: Database;
  /** DATA_ENCRYPTION_KEY: instances sharing one database need the same one (default: one of its own) */
  dataKey?: Buffer;
  auditorUserIds?: string[];
  /** people in the fake workspace besides the seeded analyst and refused user (an auditor) */
  extraUsers?: FakeUserSeed[];
  /** how much later a failed watch check is tried again in its cycle (default: the app's) */
  watchRetryDelaysSeconds?: number[];
  /** the sandbox's starting generation (records that change over time, docs/sandbox.md) */
  sandboxGeneration?: number;
  /** Juhe's answer time in the sandbox, ms (default 0; `h.sandbox.setLatency` changes it later) */
  sandboxLatencyMs?: number;
  /** how often a running batch's progress message is updated at most (default: the app's 3 s) */
  batchProgressIntervalMs?: number;
  /** BUDGET_USER_DAILY / BUDGET_TEAM_MONTHLY (default: none, usage only counted) */
  budgets?: BudgetLimits;
  /**
   * Several instances of one deployment: the Juhe sandbox and fake Slack they all talk to (the test
   * closes them), and REDIS_URL
   */
  shared?: { sandbox: JuheSandbox; fake: FakeSlack };
  redisUrl?: string;
  /**
   * Socket Mode instead of HTTP: the app connects to the fake's Socket Mode server, and every request
   * (`post`, `slash`, clicks…) goes out as an envelope on whichever connection the fake picks — with
   * several instances on one fake, Slack's round robin over all of them, not this harness's instance.
   */
  socketMode?: boolean;
}

/**
 * The real app behind its real HTTP receiver, a fake Slack Web API and the Juhe sandbox, all on
 * loopback. Requests go in signed exactly as Slack signs them.
 */
export interface Harness {
  app: RunningApp;
  /** what the app records into: tests read the audit trail and stored answers here */
  database: Database;
  fake: FakeSlack;
  sandbox: JuheSandbox;
  logLines: string[];
  /** every HTTP answer the app gave to a signed request (acks can carry messages and views) */
  ackBodies: string[];
  /** Socket Mode: each request's delivery (connection, attempts, ack), in the order sent */
  deliveries: SocketDelivery[];
  slash(
    command: '/risk' | '/finance',
    text: string,
    where?: { user?: string; channel?: string },
  ): Promise<SlashResult>;
  clickButton(
    message: FakeMessage,
    actionId: string,
    options?: { user?: string; responseUrl?: string },
  ): Promise<SignedPostResult>;
  /**
   * Submit on a modal, with `values` as its view.state.values (block_id → action_id → value). A
   * file_input's value may name the picked files by id — `{ file: { file: fileInput(fileId) } }`, ids
   * from `uploadFile` — and goes to the app as Slack sends it: `{ type: 'file_input', files: [<file
   * object>…] }` with url_private / url_private_download on the fake (served only to the bot token).
   */
  submitView(
    view: FakeView,
    values: Record<string, Record<string, unknown>>,
    user?: string,
  ): Promise<SignedPostResult>;
  /**
   * The person (default the analyst) picks this file in a modal's file_input: Slack's client uploads
   * it at once, so it is in the workspace before the modal is submitted. Returns its id (`F…`) for
   * `fileInput(…)`. Throws for a file over Slack's 10 MB.
   */
  uploadFile(user: string | undefined, filename: string, bytes: Uint8Array, mimetype?: string): string;
  messageShortcut(
    message: FakeMessage,
    user?: string,
  ): Promise<{ ack: SignedPostResult; responseUrl: string }>;
  /**
   * "Risk check" on a new message with this text: the risk modal it opens once it shows `expected` (what
   * the prefill should contain), and the message it was run on.
   */
  riskCheckOn(
    channel: string,
    text: string,
    expected: string,
    user?: string,
  ): Promise<{ source: FakeMessage; modal: FakeView }>;
  post(
    body: string,
    options?: Pick<SignedPostOptions, 'badSignature' | 'headers'>,
  ): Promise<SignedPostResult>;
  waitForView(user: string, callbackId: string, predicate?: (view: FakeView) => boolean): Promise<FakeView>;
  /** the modal with this id once it satisfies `predicate` (result views carry no callback_id) */
  waitForViewContent(viewId: string, predicate: (view: FakeView) => boolean): Promise<FakeView>;
  waitForMessage(find: () => FakeMessage | undefined, timeoutMs?: number): Promise<FakeMessage>;
  /**
   * The person opens the app's Home tab (default the analyst): app_home_opened, signed and sent as JSON
   * like Slack's, carrying the Home tab published before if any. Resolves with the Home tab the app
   * publishes for them after this call.
   */
  openHome(user?: string): Promise<FakeView>;
  /** the user's Home tab once it is published and satisfies `predicate` */
  waitForHome(user: string, predicate: (home: FakeView) => boolean): Promise<FakeView>;
  /**
   * A click on the Home tab's button with this action_id: block_actions from the view (no channel, no
   * response_url). With several such buttons, the one whose value is `options.value`, else the first.
   */
  clickHomeButton(
    home: FakeView,
    actionId: string,
    options?: { user?: string; value?: string },
  ): Promise<SignedPostResult>;
  /**
   * The private answer in the message at index `before` of the person's ephemerals there: the
   * "Screening…" notice once the answer has replaced it (or the answer itself when no notice was shown).
   */
  privateAnswer(before: number, where?: { user?: string; channel?: string }): Promise<FakeMessage>;
  close(): Promise<void>;
}

export interface SlashResult extends SignedPostResult {
  responseUrl: string;
  /** the JSON body of the ack, when it carried a message */
  ackMessage?: { text?: string; blocks?: unknown[]; response_type?: string };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox =
    options.shared?.sandbox ??
    (await startJuheSandbox({
      slowMs: options.slowMs ?? 5000,
      ...(options.sandboxGeneration === undefined ? {} : { generation: options.sandboxGeneration }),
      ...(options.sandboxLatencyMs === undefined ? {} : { latencyMs: options.sandboxLatencyMs }),
    }));
  const fake =
    options.shared?.fake ??
    (await startFakeSlack(options.extraUsers ? { users: [...DEFAULT_USERS, ...options.extraUsers] } : {}));
  const { lines: logLines, destination } = captureLog();
  const logger = createLogger(options.log ?? { level: 'debug', destination });
  const database = options.database ?? (await openTestPglite());
  const store = options.dataKey ? { ...STORE, dataKey: options.dataKey } : STORE;
  const record = await openComplianceRecord(store, { local: true, logger, database });
  const app = await startApp({
    record,
    config: {
      port: 0,
      juhe: {
        baseUrl: sandbox.url,
        riskKey: options.riskKey ?? DEFAULT_SANDBOX_KEYS.risk,
        financeKey: DEFAULT_SANDBOX_KEYS.finance,
        timeoutMs: options.timeoutMs ?? 8000,
        ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
        // 10 s unless a test says otherwise: every lease and delivery deadline adds the queue wait, and a
        // batch job whose attempt failed would otherwise wait out a 60 s longer lease before it resumes
        queueTimeoutMs: options.queueTimeoutMs ?? 10_000,
      },
      complianceChannels: new Set([IDS.complianceChannel]),
      ...(options.allowedUserIds ? { allowedUserIds: new Set(options.allowedUserIds) } : {}),
      ...(options.financeAllowedUserIds
        ? { financeAllowedUserIds: new Set(options.financeAllowedUserIds) }
        : {}),
      locale: options.locale ?? 'en',
      auditorUserIds: new Set(options.auditorUserIds ?? []),
      store,
      ...(options.budgets ? { budgets: options.budgets } : {}),
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    },
    connection: options.socketMode
      ? { mode: 'socket', botToken: fake.token, appToken: fake.socketMode.appToken, apiUrl: fake.apiUrl }
      : { mode: 'http', botToken: fake.token, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl },
    logger,
    host: '127.0.0.1',
    sandbox: true,
    drainTimeoutMs: 5000,
    ...(options.juhe ? { juhe: options.juhe } : {}),
    ...(options.watchRetryDelaysSeconds ? { watchRetryDelaysSeconds: options.watchRetryDelaysSeconds } : {}),
    ...(options.batchProgressIntervalMs === undefined
      ? {}
      : { batchProgressIntervalMs: options.batchProgressIntervalMs }),
  });
  const baseUrl = app.url as string;
  const ackBodies: string[] = [];
  const deliveries: SocketDelivery[] = [];
  /** Socket Mode: the body as the envelope Slack would send instead, its ack as an HTTP answer would be. */
  const deliver = async (body: string): Promise<SignedPostResult> => {
    const { type, payload } = socketEnvelopeOfBody(body);
    const delivery = await fake.socketMode.deliver(type, payload);
    deliveries.push(delivery);
    const ack = delivery.ack;
    const text = ack && Object.keys(ack.payload).length > 0 ? JSON.stringify(ack.payload) : '';
    return {
      status: ack ? 200 : 0,
      body: text,
      headers: {},
      ackMs: ack?.ms ?? fake.socketMode.ackTimeoutMs,
      timedOut: ack === undefined,
    };
  };
  const post = async (
    body: string,
    postOptions: Pick<SignedPostOptions, 'badSignature' | 'headers'> = {},
  ) => {
    const result = options.socketMode
      ? await deliver(body)
      : await postSignedToSlackEvents(baseUrl, body, SIGNING_SECRET, postOptions);
    ackBodies.push(result.body);
    return result;
  };

  const harness: Harness = {
    app,
    database,
    fake,
    sandbox,
    logLines,
    ackBodies,
    deliveries,
    post,
    async slash(command, text, where = {}) {
      const user = where.user ?? IDS.analyst;
      const channel = where.channel ?? IDS.generalChannel;
      const responseUrl = fake.createResponseUrl({ channel, user });
      const triggerId = fake.issueTriggerId({ user, channel });
      const result = await post(
        slashCommandBody({ command, text, userId: user, channelId: channel, triggerId, responseUrl }),
      );
      let ackMessage: SlashResult['ackMessage'];
      if (result.body.trim().startsWith('{')) ackMessage = JSON.parse(result.body);
      return { ...result, responseUrl, ...(ackMessage ? { ackMessage } : {}) };
    },
    async clickButton(message, actionId, clickOptions = {}) {
      const user = clickOptions.user ?? IDS.analyst;
      const button = findButton(message, actionId);
      const isEphemeral = message.ephemeralFor !== undefined;
      const responseUrl =
        clickOptions.responseUrl ??
        fake.createResponseUrl({ channel: message.channel, user, messageTs: message.ts });
      return post(
        interactionBody(
          blockActionsPayload({
            user,
            channel: message.channel,
            container: {
              type: 'message',
              message_ts: message.ts,
              channel_id: message.channel,
              is_ephemeral: isEphemeral,
              ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            },
            ...(isEphemeral
              ? {}
              : { message: { ts: message.ts, text: message.text, blocks: message.blocks ?? [] } }),
            actions: [{ action_id: actionId, block_id: button.blockId, value: button.value }],
            trigger_id: fake.issueTriggerId({ user, channel: message.channel }),
            response_url: responseUrl,
          }),
        ),
      );
    },
    async submitView(view, values, user = IDS.analyst) {
      const result = await post(
        interactionBody(
          viewSubmissionPayload({
            user,
            trigger_id: fake.issueTriggerId({ user }),
            view: {
              id: view.id,
              callback_id: String(view.view.callback_id ?? ''),
              private_metadata: String(view.view.private_metadata ?? ''),
              state: { values: withFileInputValues(fake, values) },
              hash: view.hash,
              blocks: (view.view.blocks as unknown[]) ?? [],
            },
          }),
        ),
      );
      // Slack applies the ack to the modal; the fake does the same.
      fake.applyViewSubmissionAck(view.id, result.body.trim() ? JSON.parse(result.body) : {});
      return result;
    },
    uploadFile(user, filename, bytes, mimetype) {
      return fake.uploadUserFile({
        user: user ?? IDS.analyst,
        filename,
        bytes,
        ...(mimetype ? { mimetype } : {}),
      }).id;
    },
    async messageShortcut(message, user = IDS.analyst) {
      const responseUrl = fake.createResponseUrl({ channel: message.channel, user });
      const ack = await post(
        interactionBody(
          messageActionPayload({
            callback_id: 'risk_check_message',
            user,
            channel: message.channel,
            message: { ts: message.ts, text: message.text, user: message.user },
            trigger_id: fake.issueTriggerId({ user, channel: message.channel }),
            response_url: responseUrl,
          }),
        ),
      );
      return { ack, responseUrl };
    },
    async riskCheckOn(channel, text, expected, user = IDS.analyst) {
      const source = fake.store.addMessage({ channel, user, text, via: 'test' });
      await harness.messageShortcut(source, user);
      const modal = await harness.waitForView(user, 'risk_query', (v) =>
        JSON.stringify(v.view).includes(expected),
      );
      return { source, modal };
    },
    async waitForView(user, callbackId, predicate = () => true) {
      return waitUntil(() =>
        fake.openViews(user).find((v) => v.view.callback_id === callbackId && predicate(v)),
      );
    },
    async waitForViewContent(viewId, predicate) {
      return waitUntil(() => {
        const view = fake.viewById(viewId);
        return view && predicate(view) ? view : undefined;
      });
    },
    privateAnswer(before, where = {}) {
      const user = where.user ?? IDS.analyst;
      const channel = where.channel ?? IDS.generalChannel;
      return harness.waitForMessage(() => {
        const message = fake.ephemeralsFor(user, channel)[before];
        return message && !isScreeningNotice(message) ? message : undefined;
      });
    },
    async waitForMessage(find, timeoutMs) {
      return waitUntil(find, timeoutMs);
    },
    async openHome(user = IDS.analyst) {
      const before = fake.homeView(user);
      const result = await post(
        appHomeOpenedBody(fake, { userId: user, ...(before ? { viewId: before.id } : {}) }),
      );
      if (result.status !== 200) throw new Error(`app_home_opened was answered with HTTP ${result.status}`);
      return harness.waitForHome(user, (home) => home.hash !== before?.hash);
    },
    async waitForHome(user, predicate) {
      return waitUntil(() => {
        const home = fake.homeView(user);
        return home && predicate(home) ? home : undefined;
      });
    },
    async clickHomeButton(home, actionId, clickOptions = {}) {
      const user = clickOptions.user ?? home.user;
      const button = findHomeButton(home, actionId, clickOptions.value);
      return post(
        interactionBody(
          homeBlockActionsPayload({
            user,
            home,
            actions: [
              {
                action_id: actionId,
                block_id: button.blockId,
                ...(button.value !== undefined ? { value: button.value } : {}),
                ...(button.text !== undefined ? { text: button.text } : {}),
              },
            ],
            trigger_id: fake.issueTriggerId({ user }),
          }),
        ),
      );
    },
    async close() {
      await app.stop();
      // A database the harness opened holds only this file's requests: once the app has stopped
      // writing, nothing in it may be personal data in clear. A test's own database is that test's.
      let scanFailure: unknown;
      try {
        if (options.database === undefined) await assertNoPersonalDataInDatabase(database);
      } catch (error) {
        scanFailure = error;
      } finally {
        if (options.database === undefined) await database.close();
        if (options.shared === undefined) {
          await fake.close();
          await sandbox.close();
        }
      }
      if (scanFailure !== undefined) throw scanFailure;
    },
  };
  return harness;
}

/**
 * A file_input's value in `submitView`'s values, naming the picked files by id (from `uploadFile`):
 * the harness sends Slack's file objects in their place. With no ids, a file_input left empty.
 */
export function fileInput(...fileIds: string[]): { type: 'file_input'; files: string[] } {
  return { type: 'file_input', files: fileIds };
}

/** The "Screening…" notice a lookup shows until its answer takes its place. */
export function isScreeningNotice(message: FakeMessage): boolean {
  return (message.blocks ?? []).some(
    (block) => (block as { block_id?: unknown }).block_id === SCREENING_NOTICE_BLOCK_ID,
  );
}

export function findButton(message: FakeMessage, actionId: string): { blockId: string; value: string } {
  for (const block of (message.blocks ?? []) as Array<Record<string, unknown>>) {
    const elements = [
      ...((block.elements as Array<Record<string, unknown>> | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
    ];
    for (const element of elements) {
      if (element.type === 'button' && element.action_id === actionId) {
        return { blockId: String(block.block_id ?? ''), value: String(element.value ?? '') };
      }
    }
  }
  throw new Error(`no button ${actionId} on message ${message.ts}`);
}

/**
 * The button with this action_id on a Home tab (in actions blocks or as a section accessory): the one
 * whose value is `value` when given, else the first.
 */
export function findHomeButton(
  home: FakeView,
  actionId: string,
  value?: string,
): { blockId: string; value?: string; text?: string } {
  const found: Array<{ blockId: string; value?: string; text?: string }> = [];
  for (const block of (home.view.blocks ?? []) as Array<Record<string, unknown>>) {
    const elements = [
      ...((block.elements as Array<Record<string, unknown>> | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
    ];
    for (const element of elements) {
      if (element.type !== 'button' || element.action_id !== actionId) continue;
      const label = (element.text as { text?: unknown } | undefined)?.text;
      found.push({
        blockId: String(block.block_id ?? ''),
        ...(typeof element.value === 'string' ? { value: element.value } : {}),
        ...(typeof label === 'string' ? { text: label } : {}),
      });
    }
  }
  const button = value === undefined ? found[0] : found.find((candidate) => candidate.value === value);
  if (!button) {
    const which = value === undefined ? actionId : `${actionId} with value ${JSON.stringify(value)}`;
    throw new Error(`no button ${which} on the Home tab ${home.id}`);
  }
  return button;
}

export function actionIdsOf(message: FakeMessage): string[] {
  return ((message.blocks ?? []) as Array<Record<string, unknown>>).flatMap((block) => [
    ...((block.elements as Array<Record<string, unknown>> | undefined) ?? [])
      .filter((e) => e.type === 'button')
      .map((e) => String(e.action_id)),
    ...(block.accessory && (block.accessory as Record<string, unknown>).type === 'button'
      ? [String((block.accessory as Record<string, unknown>).action_id)]
      : []),
  ]);
}

/** All visible text of a message or view, for assertions that read like what a person sees. */
export function textOf(blocks: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      for (const [key, value] of Object.entries(record)) if (key !== 'value') walk(value);
    }
  };
  walk(blocks);
  return parts.join('\n');
}

export async function waitUntil<T>(
  find: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ID_CARD_IN_TEXT =
  /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])/;
const MOBILE_IN_TEXT = /(?<![0-9])1[3-9]\d{9}(?![0-9])/;

/**
 * Random tokens are not content, and their hex can hold an 11-digit run that looks like a mobile: Slack's
 * own that the app hands back (trigger_ids, response_urls kept in a modal's private_metadata) and the
 * app's own UUIDs (a batch's id in its buttons' values — `…-a14563125226` failed CI once).
 */
function withoutRandomTokens(text: string): string {
  return text
    .replace(/"trigger_id":"[^"]*"/g, '"trigger_id":"…"')
    .replace(/\/response\/[0-9a-f]+/g, '/response/…')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>');
}

/** Everything the app sent to Slack — Web API calls, response_url posts, acks — searched for an unmasked 身份证 or mobile. */
export function personalDataSentToSlack(h: Pick<Harness, 'fake' | 'ackBodies'>): string[] {
  const sent = [
    ...h.fake.calls.map((call) => ({ where: call.method, text: JSON.stringify(call.args) })),
    ...h.ackBodies.map((body) => ({ where: 'ack', text: body })),
  ];
  return sent.flatMap(({ where, text: raw }) => {
    const text = withoutRandomTokens(raw);
    const found = [ID_CARD_IN_TEXT.exec(text)?.[0], MOBILE_IN_TEXT.exec(text)?.[0]].filter(Boolean);
    return found.map((value) => `${where}: ${value}`);
  });
}
