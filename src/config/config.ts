import { isIP } from 'node:net';
import { z } from 'zod';
import type { BudgetLimits } from '../budgets/budgetLedger.js';
import { type Locale, parseLocale } from '../i18n/catalog.js';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_QUEUE_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from '../juhe/client.js';
import { parseDataKey } from '../privacy/dataKey.js';
import { DEFAULT_WATCH_SCHEDULE, watchScheduleProblem } from '../watches/watchSchedule.js';

/**
 * The environment, validated once at start-up. Names are the contract in docs/design.md § Contract.
 * Messages never quote a value: several of these are secrets.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** BATCH_MAX_ROWS unset: what one analyst's counterparty list usually holds, a few minutes of screening. */
const DEFAULT_BATCH_MAX_ROWS = 500;

/** CACHE_MAX_MB unset: room for thousands of ordinary pages (a few KB each), and a small share of a 512 MB pod. */
export const DEFAULT_CACHE_MAX_MB = 64;

/** Where Juhe answers when JUHE_BASE_URL is not set. */
const JUHE_DEFAULT_BASE_URL = 'https://apis.juhe.cn';

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value === '' ? undefined : value));

function idList(pattern: RegExp, what: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const ids = (raw ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      const bad = ids.filter((id) => !pattern.test(id));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected comma-separated ${what} IDs (like ${what === 'channel' ? 'C0123ABCD' : 'U0123ABCD'}); ${bad.length} entr${bad.length === 1 ? 'y is' : 'ies are'} not`,
        });
        return z.NEVER;
      }
      return ids;
    });
}

const WHOLE_NUMBER = /^\d+$/;

function wholeNumber(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      // digits only: Number() would also read 1e3, 0x50, 0b1010 and 80.0 as whole numbers
      const text = raw.trim();
      const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return value;
    });
}

/** An optional whole number: unset (or blank) stays undefined, meaning no limit. */
function optionalWholeNumber(name: string, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const text = raw.trim();
      const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be a whole number from ${min} to ${max}, or unset for no budget`,
        });
        return z.NEVER;
      }
      return value;
    });
}

/** Budgets are counted in a PostgreSQL int; a billion calls is far past any Juhe bill. */
const BUDGET_MAX = 1_000_000_000;

function httpUrl(fallback: string | undefined) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ? raw.trim() : fallback;
      if (value === undefined) return undefined;
      try {
        const url = new URL(value);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
        // paths are appended to these bases, so a query or fragment (even an empty `?` or `#`) would swallow them
        if (/[?#]/.test(value) || url.search !== '' || url.hash !== '') throw new Error('query or fragment');
        if (url.username !== '' || url.password !== '') throw new Error('credentials');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an http(s) URL without credentials, query string or fragment',
        });
        return z.NEVER;
      }
      return value.replace(/\/+$/, '');
    });
}

/** RFC 1123 host name: letters, digits and hyphens in dot-separated labels. */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^xox[bp]-/.test(v), {
    message: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: httpUrl(undefined),
  PORT: wholeNumber('PORT', 0, 65535, 3000),
  HOST: optionalText.refine((v) => v === undefined || isIP(v) !== 0 || HOSTNAME.test(v), {
    message: 'must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or a host name of this machine',
  }),
  JUHE_BASE_URL: httpUrl(JUHE_DEFAULT_BASE_URL),
  JUHE_RISK_KEY: optionalText,
  JUHE_FINANCE_KEY: optionalText,
  JUHE_TIMEOUT_MS: wholeNumber('JUHE_TIMEOUT_MS', 100, 120_000, DEFAULT_TIMEOUT_MS),
  JUHE_MAX_CONCURRENCY: wholeNumber('JUHE_MAX_CONCURRENCY', 1, 1_000, DEFAULT_MAX_CONCURRENCY),
  JUHE_QUEUE_TIMEOUT_MS: wholeNumber('JUHE_QUEUE_TIMEOUT_MS', 100, 600_000, DEFAULT_QUEUE_TIMEOUT_MS),
  CACHE_MAX_MB: wholeNumber('CACHE_MAX_MB', 1, 65_536, DEFAULT_CACHE_MAX_MB),
  REDIS_URL: optionalText.refine((v) => v === undefined || isRedisUrl(v), {
    message: 'must be a redis:// or rediss:// connection URL',
  }),
  COMPLIANCE_CHANNELS: idList(/^[CGD][A-Z0-9]{2,}$/, 'channel'),
  ALLOWED_USER_IDS: idList(/^[UW][A-Z0-9]{2,}$/, 'user'),
  FINANCE_ALLOWED_USER_IDS: idList(/^[UW][A-Z0-9]{2,}$/, 'user'),
  AUDITOR_USER_IDS: idList(/^[UW][A-Z0-9]{2,}$/, 'user'),
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), {
    message: 'must be a postgres:// or postgresql:// connection URL',
  }),
  DATA_DIR: optionalText,
  DATA_ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || parseDataKey(v) !== undefined, {
    message: 'must be 32 random bytes in base64 (openssl rand -base64 32)',
  }),
  AUDIT_RETENTION_DAYS: wholeNumber('AUDIT_RETENTION_DAYS', 1, 36_500, 1095),
  RESULT_RETENTION_HOURS: wholeNumber('RESULT_RETENTION_HOURS', 1, 8_760, 24),
  WATCH_SCHEDULE: optionalText
    .transform((v) => v ?? DEFAULT_WATCH_SCHEDULE)
    .superRefine((v, ctx) => {
      const problem = watchScheduleProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  WATCH_MAX_DAYS: wholeNumber('WATCH_MAX_DAYS', 1, 3_650, 365),
  BATCH_MAX_ROWS: wholeNumber('BATCH_MAX_ROWS', 1, 5_000, DEFAULT_BATCH_MAX_ROWS),
  BUDGET_USER_DAILY: optionalWholeNumber('BUDGET_USER_DAILY', 1, BUDGET_MAX),
  BUDGET_TEAM_MONTHLY: optionalWholeNumber('BUDGET_TEAM_MONTHLY', 1, BUDGET_MAX),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim().toLowerCase() : 'info'))
    .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
  LOCALE: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.trim() === '' || ['en', 'zh-CN'].includes(v.trim()), {
      message: 'must be en or zh-CN',
    })
    .transform((v) => parseLocale(v?.trim())),
});

export type SlackConnection =
  /** real Slack over HTTP: verify signed requests at POST /slack/events */
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl?: string }
  /** real Slack over Socket Mode */
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl?: string }
  /** no SLACK_BOT_TOKEN: the browser workbench with a fake Slack (local mode) */
  | { mode: 'local' };

export interface AppConfig {
  slack: SlackConnection;
  port: number;
  /** interface the HTTP server binds; undefined = every interface (local mode: 127.0.0.1) */
  host?: string;
  juhe: JuheConfig;
  /** CACHE_MAX_MB: bytes the in-memory risk page cache may hold */
  cacheMaxBytes: number;
  /** REDIS_URL: shared by every instance (page cache, single-flight, Juhe concurrency and backoff); unset = in-process */
  redisUrl?: string;
  complianceChannels: ReadonlySet<string>;
  /** undefined = everyone may */
  allowedUserIds?: ReadonlySet<string>;
  financeAllowedUserIds?: ReadonlySet<string>;
  logLevel: (typeof LOG_LEVELS)[number];
  locale: Locale;
  /** may run /risk audit and receive the decrypted record */
  auditorUserIds: ReadonlySet<string>;
  /** the compliance record (docs/design.md § The compliance record) */
  store: StoreConfig;
  watch: WatchConfig;
  batch: BatchConfig;
  /** BUDGET_USER_DAILY, BUDGET_TEAM_MONTHLY (docs/design.md § Budgets); unset = no limit */
  budgets: BudgetLimits;
}

/** Juhe (docs/design.md § Juhe concurrency). */
export interface JuheConfig {
  baseUrl: string;
  riskKey?: string;
  financeKey?: string;
  /** JUHE_TIMEOUT_MS: one call's budget, from the moment it starts (not while it waits for a slot) */
  timeoutMs: number;
  /** JUHE_MAX_CONCURRENCY: calls open at once per key, across every instance (default 20) */
  maxConcurrency?: number;
  /** JUHE_QUEUE_TIMEOUT_MS: how long a call may wait for a slot before its user is told "busy" (default 60 s) */
  queueTimeoutMs?: number;
}

/** Batch screening (docs/design.md § Batch screening). */
export interface BatchConfig {
  /** BATCH_MAX_ROWS: rows a batch file may hold (its header not counted) */
  maxRows: number;
}

export const DEFAULT_BATCH_CONFIG: BatchConfig = { maxRows: DEFAULT_BATCH_MAX_ROWS };

/** Monitoring (docs/design.md § Monitoring). */
export interface WatchConfig {
  /** WATCH_SCHEDULE: cron, read in China Standard Time */
  schedule: string;
  /** WATCH_MAX_DAYS: a watch ends this many days after it was started or last renewed */
  maxDays: number;
}

export const DEFAULT_WATCH_CONFIG: WatchConfig = { schedule: DEFAULT_WATCH_SCHEDULE, maxDays: 365 };

export interface StoreConfig {
  /** PostgreSQL; unset = the embedded PGlite */
  databaseUrl?: string;
  /** as given; unset = ./data for the embedded database (local mode: in memory) */
  dataDir?: string;
  /** 32 bytes; unset = generated into DATA_DIR (embedded database only) */
  dataKey?: Buffer;
  auditRetentionDays: number;
  resultRetentionHours: number;
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; problems: string[] };

/** Reads the whole environment and reports every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  problems.push(...connectionProblems(env), ...storeProblems(env));
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const e = parsed.data;
  const apiUrl = e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {};
  let slack: SlackConnection = { mode: 'local' };
  if (e.SLACK_BOT_TOKEN !== undefined && e.SLACK_APP_TOKEN !== undefined) {
    slack = {
      mode: 'socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...apiUrl,
    };
  } else if (e.SLACK_BOT_TOKEN !== undefined && e.SLACK_SIGNING_SECRET !== undefined) {
    slack = { mode: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, ...apiUrl };
  }
  const toSet = (ids: string[]) => (ids.length > 0 ? new Set(ids) : undefined);
  const allowed = toSet(e.ALLOWED_USER_IDS);
  const financeAllowed = toSet(e.FINANCE_ALLOWED_USER_IDS);
  return {
    ok: true,
    config: {
      slack,
      port: e.PORT,
      ...(e.HOST ? { host: e.HOST } : {}),
      juhe: {
        baseUrl: e.JUHE_BASE_URL ?? JUHE_DEFAULT_BASE_URL,
        ...(e.JUHE_RISK_KEY ? { riskKey: e.JUHE_RISK_KEY } : {}),
        ...(e.JUHE_FINANCE_KEY ? { financeKey: e.JUHE_FINANCE_KEY } : {}),
        timeoutMs: e.JUHE_TIMEOUT_MS,
        maxConcurrency: e.JUHE_MAX_CONCURRENCY,
        queueTimeoutMs: e.JUHE_QUEUE_TIMEOUT_MS,
      },
      cacheMaxBytes: e.CACHE_MAX_MB * 1024 * 1024,
      ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
      complianceChannels: new Set(e.COMPLIANCE_CHANNELS),
      ...(allowed ? { allowedUserIds: allowed } : {}),
      ...(financeAllowed ? { financeAllowedUserIds: financeAllowed } : {}),
      logLevel: e.LOG_LEVEL,
      locale: e.LOCALE,
      auditorUserIds: new Set(e.AUDITOR_USER_IDS),
      store: {
        ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
        ...(e.DATA_DIR ? { dataDir: e.DATA_DIR } : {}),
        ...(e.DATA_ENCRYPTION_KEY ? { dataKey: parseDataKey(e.DATA_ENCRYPTION_KEY) as Buffer } : {}),
        auditRetentionDays: e.AUDIT_RETENTION_DAYS,
        resultRetentionHours: e.RESULT_RETENTION_HOURS,
      },
      watch: { schedule: e.WATCH_SCHEDULE, maxDays: e.WATCH_MAX_DAYS },
      batch: { maxRows: e.BATCH_MAX_ROWS },
      budgets: {
        ...(e.BUDGET_USER_DAILY === undefined ? {} : { userDaily: e.BUDGET_USER_DAILY }),
        ...(e.BUDGET_TEAM_MONTHLY === undefined ? {} : { teamMonthly: e.BUDGET_TEAM_MONTHLY }),
      },
    },
  };
}

/** Several instances share one PostgreSQL: each must seal with the same key, so none may invent its own. */
function storeProblems(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  return isSet('DATABASE_URL') && !isSet('DATA_ENCRYPTION_KEY')
    ? [
        'DATA_ENCRYPTION_KEY: required with DATABASE_URL (every instance must use the same key; create one with openssl rand -base64 32)',
      ]
    : [];
}

/** Which Slack connection the set variables describe; checked on the raw values so it adds to other problems. */
function connectionProblems(env: NodeJS.ProcessEnv): string[] {
  const isSet = (name: string) => (env[name] ?? '').trim() !== '';
  if (!isSet('SLACK_BOT_TOKEN')) {
    return isSet('SLACK_APP_TOKEN') || isSet('SLACK_SIGNING_SECRET')
      ? [
          'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (unset all three for local mode)',
        ]
      : [];
  }
  if (!isSet('SLACK_APP_TOKEN') && !isSet('SLACK_SIGNING_SECRET')) {
    return ['SLACK_SIGNING_SECRET: required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)'];
  }
  return [];
}

/** One message listing every problem, for stderr at start-up. */
export function describeConfigProblems(problems: readonly string[]): string {
  return [
    `juhe-risk-slack cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}`,
    ...problems.map((p) => `  - ${p}`),
    'See the Configuration table in README.md.',
  ].join('\n');
}
