import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditedQueryRow } from '../../src/audit/auditTrail.js';
import { postSignedToSlackEvents, slashCommandBody } from '../../src/local/fake-slack/payloads.js';
import { SEED_IDS } from '../../src/local/fake-slack/seed.js';
import { type FakeSlack, startFakeSlack } from '../../src/local/fake-slack/server.js';
import type { FakeMessage } from '../../src/local/fake-slack/store.js';
import { type JuheSandbox, startJuheSandbox } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { openComplianceRecord } from '../../src/store/complianceRecord.js';
import { preparedDataDir } from '../support/dataDir.js';
import {
  killHard,
  loggedUrl,
  type MainProcess,
  sandboxedAppEnv,
  startMain,
  stopGently,
} from '../support/mainProcess.js';
import { textOf, waitUntil } from './harness.js';

/**
 * kill -9 in the middle of a lookup, then a restart on the same embedded database (DATA_DIR): what was
 * billed is delivered without asking Juhe again, and the audit trail says how every query ended.
 */
const SECRET = 'crash-test-signing-secret';
const JUHE_TIMEOUT_MS = 3000;

let fake: FakeSlack;
let sandbox: JuheSandbox;
beforeAll(async () => {
  fake = await startFakeSlack();
  sandbox = await startJuheSandbox();
});
afterAll(async () => {
  await fake?.close();
  await sandbox?.close();
});

function startApp(dataDir: string): MainProcess {
  return startMain({
    ...sandboxedAppEnv({
      dataDir,
      fake,
      sandbox,
      signingSecret: SECRET,
      juheTimeoutMs: JUHE_TIMEOUT_MS,
      complianceChannel: SEED_IDS.complianceChannel,
    }),
  });
}

async function listening(main: MainProcess): Promise<string> {
  const url = await waitUntil(() => loggedUrl(main.lines), 30_000);
  return url.replace('/slack/events', '').replace('localhost', '127.0.0.1');
}

async function askInComplianceChannel(base: string, text: string): Promise<void> {
  const channel = SEED_IDS.complianceChannel;
  const user = SEED_IDS.analyst;
  const body = slashCommandBody({
    command: '/risk',
    text,
    userId: user,
    channelId: channel,
    triggerId: fake.issueTriggerId({ user, channel }),
    responseUrl: fake.createResponseUrl({ channel, user }),
  });
  const ack = await postSignedToSlackEvents(base, body, SECRET);
  expect(ack.status).toBe(200);
}

/** The audit trail as an auditor reads it, once the app has stopped (PGlite: one process at a time). */
async function auditRows(dataDir: string): Promise<AuditedQueryRow[]> {
  const record = await openComplianceRecord(
    { dataDir, auditRetentionDays: 1095, resultRetentionHours: 24 },
    { local: false, logger: createLogger({ level: 'silent' }) },
  );
  try {
    return await record.trail.queries();
  } finally {
    await record.close();
  }
}

const isThreadReply = (args: Record<string, unknown>) => typeof args.thread_ts === 'string';

describe('kill -9 and restart on the same DATA_DIR', () => {
  it('while the billed answer is being delivered: the records arrive after the restart, Juhe asked once, audit complete', async () => {
    const dataDir = await preparedDataDir();
    sandbox.resetRequests();
    // Slack hangs on the thread reply: the process dies holding the delivery job, Juhe's answer stored.
    fake.failNext('chat.postMessage', [{ status: 500, delayMs: 60_000 }], isThreadReply);
    const first = startApp(dataDir);
    let second: MainProcess | undefined;
    try {
      await askInComplianceChannel(await listening(first), `FAULT:slow-800 张德洲 1`);
      await waitUntil(
        () => fake.calls.find((c) => c.method === 'chat.postMessage' && isThreadReply(c.args)),
        15_000,
      );
      await killHard(first);
      expect(sandbox.requestCount()).toBe(1);
      const parent = fake.messagesIn(SEED_IDS.complianceChannel).at(-1);
      if (parent === undefined) throw new Error('no parent');
      expect(fake.threadReplies(SEED_IDS.complianceChannel, parent.ts)).toHaveLength(0);

      const restartedAt = Date.now();
      second = startApp(dataDir);
      await listening(second);
      const reply = await waitUntil(
        () => fake.threadReplies(SEED_IDS.complianceChannel, parent.ts)[0],
        60_000,
      );
      const resumedWithinMs = Date.now() - restartedAt;
      expect(resumedWithinMs).toBeLessThan(60_000);
      expect(textOf(reply.blocks)).toContain('Dishonest debtor (失信)');
      process.stdout.write(`delivery resumed ${resumedWithinMs} ms after the restart\n`);
      expect(textOf(parent.blocks)).not.toMatch(/went wrong/i);
      expect(sandbox.requestCount()).toBe(1);
      await stopGently(second);

      const rows = await auditRows(dataDir);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.finished).toMatchObject({ outcome: '0', billed: true });
      expect(rows[0]?.subject).toEqual({ keyword: 'FAULT:slow-800', realname: '张德洲' });
    } finally {
      await killHard(first).catch(() => {});
      if (second) await killHard(second).catch(() => {});
    }
  }, 120_000);

  /** A lookup asked, and the app killed while Juhe (slow) is still answering it; its placeholder is the parent. */
  async function killWhileJuheAnswers(): Promise<{ dataDir: string; parent: FakeMessage }> {
    const dataDir = await preparedDataDir();
    sandbox.resetRequests();
    const first = startApp(dataDir);
    try {
      await askInComplianceChannel(await listening(first), `FAULT:slow-2500 张德洲 1`);
      await waitUntil(() => (sandbox.requestCount() === 1 ? true : undefined), 15_000);
    } finally {
      await killHard(first);
    }
    const parent = fake.messagesIn(SEED_IDS.complianceChannel).at(-1);
    if (parent === undefined) throw new Error('no parent');
    return { dataDir, parent };
  }

  it('while Juhe is still answering: after the restart the requester is told it was interrupted, audited, no second call', async () => {
    const { dataDir, parent } = await killWhileJuheAnswers();
    const second = startApp(dataDir);
    try {
      await listening(second);
      const told = await waitUntil(() => {
        const now = fake.messagesIn(SEED_IDS.complianceChannel).find((m) => m.ts === parent.ts);
        return now && textOf(now.blocks).includes('interrupted') ? now : undefined;
      }, 60_000);
      expect(textOf(told.blocks)).toContain('Juhe may have billed it');
      expect(sandbox.requestCount()).toBe(1);
      await stopGently(second);

      const rows = await auditRows(dataDir);
      expect(rows.map((row) => row.finished?.outcome)).toEqual(['interrupted']);
    } finally {
      await killHard(second).catch(() => {});
    }
  }, 120_000);

  it('while Juhe is still answering, and the placeholder was deleted meanwhile: the requester is told by DM', async () => {
    const { dataDir, parent } = await killWhileJuheAnswers();
    fake.store.deleteMessage(parent);
    const second = startApp(dataDir);
    try {
      await listening(second);
      const dm = await waitUntil(
        () =>
          fake.calls.find(
            (c) =>
              c.method === 'chat.postMessage' &&
              c.args.channel === SEED_IDS.analyst &&
              c.ok &&
              String(c.args.text).includes('interrupted'),
          ),
        60_000,
      );
      expect(String(dm.args.text)).toContain('Juhe may have billed it');
      expect(sandbox.requestCount()).toBe(1);
    } finally {
      await killHard(second).catch(() => {});
    }
  }, 120_000);
});
