import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_KEYS } from '../../src/local/sandbox/server.js';
import { createLogger } from '../../src/logging/logger.js';
import { type ComplianceRecord, openComplianceRecord } from '../../src/store/complianceRecord.js';

export interface MainProcess {
  child: ChildProcess;
  /** stdout, one JSON log line each */
  lines: string[];
  stderr: string[];
}

/**
 * The app's real entry point in a child process with only the given environment (and PATH). By
 * default the TypeScript source through tsx, as `npm run start:dev` runs it; `compiled` runs
 * `dist/main.js`, as production does after `npm run build`. Outside local mode the embedded database
 * goes to a fresh temporary DATA_DIR unless the test gives one, never the checkout's ./data.
 */
export function startMain(env: Record<string, string>, options: { compiled?: boolean } = {}): MainProcess {
  const args = options.compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'juhe-data-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => lines.push(...String(chunk).split('\n').filter(Boolean)));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(String(chunk)));
  return { child, lines, stderr };
}

/** The first log line that carries a `url` field (the app's "listening" / "workbench ready" line). */
export function loggedUrl(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line) as { url?: unknown };
      if (typeof parsed.url === 'string') return parsed.url;
    } catch {
      // pretty or partial lines are not ours to read
    }
  }
  return undefined;
}

/**
 * The environment of the real app in HTTP mode against a fake Slack and the Juhe sandbox, on an embedded
 * database in `dataDir`: what the crash tests start, kill and start again.
 */
export function sandboxedAppEnv(input: {
  dataDir: string;
  fake: { token: string; apiUrl: string };
  sandbox: { url: string };
  signingSecret: string;
  juheTimeoutMs: number;
  complianceChannel: string;
}): Record<string, string> {
  return {
    DATA_DIR: input.dataDir,
    SLACK_BOT_TOKEN: input.fake.token,
    SLACK_SIGNING_SECRET: input.signingSecret,
    SLACK_API_URL: input.fake.apiUrl,
    PORT: '0',
    JUHE_BASE_URL: input.sandbox.url,
    JUHE_RISK_KEY: DEFAULT_SANDBOX_KEYS.risk,
    JUHE_FINANCE_KEY: DEFAULT_SANDBOX_KEYS.finance,
    JUHE_TIMEOUT_MS: String(input.juheTimeoutMs),
    // nothing queues here; a short wait keeps the lookup's deadline (and so its watchdog) near the call's own
    JUHE_QUEUE_TIMEOUT_MS: '2000',
    COMPLIANCE_CHANNELS: input.complianceChannel,
  };
}

/** kill -9: the process gets no chance to finish anything. */
export async function killHard(main: MainProcess): Promise<void> {
  main.child.kill('SIGKILL');
  if (main.child.exitCode === null && main.child.signalCode === null) await once(main.child, 'exit');
}

/** SIGTERM and wait: the app drains and closes as it does in production. */
export async function stopGently(main: MainProcess): Promise<void> {
  if (main.child.exitCode !== null || main.child.signalCode !== null) return;
  main.child.kill('SIGTERM');
  await once(main.child, 'exit');
}

/** The app's JSON log lines with this `msg`. */
export function logged(main: MainProcess, msg: string): Array<Record<string, unknown>> {
  return main.lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed.msg === msg ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** The record on DATA_DIR, opened by the test while no app runs (PGlite: one process at a time). */
export async function withRecord<T>(
  dataDir: string,
  use: (record: ComplianceRecord) => Promise<T>,
): Promise<T> {
  const record = await openComplianceRecord(
    { dataDir, auditRetentionDays: 1095, resultRetentionHours: 24 },
    { local: false, logger: createLogger({ level: 'silent' }) },
  );
  try {
    return await use(record);
  } finally {
    await record.close();
  }
}
