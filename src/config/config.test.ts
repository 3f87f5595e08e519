import { describe, expect, it } from 'vitest';
import { describeConfigProblems, loadConfig } from './config.js';

const SECRET = 'super-secret-signing-value';

describe('loadConfig', () => {
  it('with nothing set starts local mode with the documented defaults', () => {
    const result = loadConfig({});
    expect(result).toEqual({
      ok: true,
      config: {
        slack: { mode: 'local' },
        port: 3000,
        juhe: {
          baseUrl: 'https://apis.juhe.cn',
          timeoutMs: 10_000,
          maxConcurrency: 20,
          queueTimeoutMs: 60_000,
        },
        cacheMaxBytes: 64 * 1024 * 1024,
        complianceChannels: new Set(),
        logLevel: 'info',
        locale: 'en',
        auditorUserIds: new Set(),
        store: { auditRetentionDays: 1095, resultRetentionHours: 24 },
        watch: { schedule: '0 9 * * *', maxDays: 365 },
        batch: { maxRows: 500 },
        budgets: {},
      },
    });
  });

  it('reads HTTP mode, lists and keys', () => {
    const result = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '8080',
      JUHE_BASE_URL: 'http://127.0.0.1:8088/',
      JUHE_RISK_KEY: 'rk',
      JUHE_FINANCE_KEY: 'fk',
      JUHE_TIMEOUT_MS: '2500',
      JUHE_MAX_CONCURRENCY: '8',
      JUHE_QUEUE_TIMEOUT_MS: '30000',
      CACHE_MAX_MB: '16',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      COMPLIANCE_CHANNELS: ' C0COMPLIANCE, C0OTHER ',
      ALLOWED_USER_IDS: 'U0ANALYST',
      FINANCE_ALLOWED_USER_IDS: 'U0ANALYST,W0LEAD',
      LOG_LEVEL: 'DEBUG',
      LOCALE: 'zh-CN',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toEqual({
      slack: { mode: 'http', botToken: 'xoxb-1', signingSecret: SECRET, apiUrl: 'http://127.0.0.1:9/api' },
      port: 8080,
      juhe: {
        baseUrl: 'http://127.0.0.1:8088',
        riskKey: 'rk',
        financeKey: 'fk',
        timeoutMs: 2500,
        maxConcurrency: 8,
        queueTimeoutMs: 30_000,
      },
      cacheMaxBytes: 16 * 1024 * 1024,
      redisUrl: 'redis://127.0.0.1:6379/2',
      complianceChannels: new Set(['C0COMPLIANCE', 'C0OTHER']),
      allowedUserIds: new Set(['U0ANALYST']),
      financeAllowedUserIds: new Set(['U0ANALYST', 'W0LEAD']),
      logLevel: 'debug',
      locale: 'zh-CN',
      auditorUserIds: new Set(),
      store: { auditRetentionDays: 1095, resultRetentionHours: 24 },
      watch: { schedule: '0 9 * * *', maxDays: 365 },
      batch: { maxRows: 500 },
      budgets: {},
    });
  });

  it('says what is wrong with JUHE_MAX_CONCURRENCY, JUHE_QUEUE_TIMEOUT_MS, CACHE_MAX_MB and REDIS_URL, never quoting a value', () => {
    const result = loadConfig({
      JUHE_MAX_CONCURRENCY: '0',
      JUHE_QUEUE_TIMEOUT_MS: '1e3',
      CACHE_MAX_MB: 'lots',
      REDIS_URL: `http://user:${SECRET}@cache:6379`,
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'JUHE_MAX_CONCURRENCY: JUHE_MAX_CONCURRENCY must be a whole number from 1 to 1000',
        'JUHE_QUEUE_TIMEOUT_MS: JUHE_QUEUE_TIMEOUT_MS must be a whole number from 100 to 600000',
        'CACHE_MAX_MB: CACHE_MAX_MB must be a whole number from 1 to 65536',
        'REDIS_URL: must be a redis:// or rediss:// connection URL',
      ],
    });
  });

  it('reads BATCH_MAX_ROWS (1–5000, default 500) and says what is wrong with it', () => {
    const read = (value: string | undefined) => {
      const result = loadConfig(value === undefined ? {} : { BATCH_MAX_ROWS: value });
      return result.ok ? result.config.batch.maxRows : result.problems;
    };
    expect(read(undefined)).toBe(500);
    expect(read(' ')).toBe(500);
    expect(read('1')).toBe(1);
    expect(read('5000')).toBe(5000);
    for (const bad of ['0', '5001', '1e3', '-5', 'many']) {
      expect(read(bad), bad).toEqual([
        'BATCH_MAX_ROWS: BATCH_MAX_ROWS must be a whole number from 1 to 5000',
      ]);
    }
  });

  it('reads the budgets, each optional, and refuses anything but a positive whole number', () => {
    const both = loadConfig({ BUDGET_USER_DAILY: ' 40 ', BUDGET_TEAM_MONTHLY: '2000' });
    expect(both.ok && both.config.budgets).toEqual({ userDaily: 40, teamMonthly: 2000 });
    const one = loadConfig({ BUDGET_USER_DAILY: '', BUDGET_TEAM_MONTHLY: '5' });
    expect(one.ok && one.config.budgets).toEqual({ teamMonthly: 5 });
    for (const bad of ['0', '-3', '1.5', '1e3', 'ten', '1000000001']) {
      expect(loadConfig({ BUDGET_USER_DAILY: bad, BUDGET_TEAM_MONTHLY: bad })).toEqual({
        ok: false,
        problems: [
          'BUDGET_USER_DAILY: BUDGET_USER_DAILY must be a whole number from 1 to 1000000000, or unset for no budget',
          'BUDGET_TEAM_MONTHLY: BUDGET_TEAM_MONTHLY must be a whole number from 1 to 1000000000, or unset for no budget',
        ],
      });
    }
  });

  it('reads the watch schedule and length, and names what is wrong with them', () => {
    const good = loadConfig({ WATCH_SCHEDULE: ' 30 8 * * 1-5 ', WATCH_MAX_DAYS: '90' });
    expect(good.ok && good.config.watch).toEqual({ schedule: '30 8 * * 1-5', maxDays: 90 });
    expect(loadConfig({ WATCH_SCHEDULE: '' }).ok && loadConfig({ WATCH_SCHEDULE: '' })).toMatchObject({
      config: { watch: { schedule: '0 9 * * *' } },
    });
    const bad = loadConfig({ WATCH_SCHEDULE: 'every day', WATCH_MAX_DAYS: '0' });
    expect(bad).toEqual({
      ok: false,
      problems: [
        'WATCH_SCHEDULE: must be a cron expression of 5 fields (minute hour day month weekday), e.g. "0 9 * * *"; it has 2',
        'WATCH_MAX_DAYS: WATCH_MAX_DAYS must be a whole number from 1 to 3650',
      ],
    });
    expect(loadConfig({ WATCH_SCHEDULE: '61 9 * * *' })).toEqual({
      ok: false,
      problems: [
        'WATCH_SCHEDULE: is not a valid cron expression (minute hour day month weekday), e.g. "0 9 * * *"',
      ],
    });
  });

  it('reads the compliance record settings, and asks for the key when PostgreSQL is shared', () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const result = loadConfig({
      DATABASE_URL: 'postgres://app@db.internal:5432/risk',
      DATA_ENCRYPTION_KEY: key,
      AUDIT_RETENTION_DAYS: '400',
      RESULT_RETENTION_HOURS: '6',
      AUDITOR_USER_IDS: 'U0AUDITOR',
    });
    expect(result.ok && result.config.store).toEqual({
      databaseUrl: 'postgres://app@db.internal:5432/risk',
      dataKey: Buffer.alloc(32, 9),
      auditRetentionDays: 400,
      resultRetentionHours: 6,
    });
    expect(result.ok && result.config.auditorUserIds).toEqual(new Set(['U0AUDITOR']));
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.internal/risk' })).toEqual({
      ok: false,
      problems: [
        'DATA_ENCRYPTION_KEY: required with DATABASE_URL (every instance must use the same key; create one with openssl rand -base64 32)',
      ],
    });
    const bad = loadConfig({
      DATABASE_URL: 'mysql://x/y',
      DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'),
      AUDIT_RETENTION_DAYS: '0',
      RESULT_RETENTION_HOURS: '1.5',
    });
    expect(bad.ok ? [] : bad.problems).toEqual([
      'DATABASE_URL: must be a postgres:// or postgresql:// connection URL',
      'DATA_ENCRYPTION_KEY: must be 32 random bytes in base64 (openssl rand -base64 32)',
      'AUDIT_RETENTION_DAYS: AUDIT_RETENTION_DAYS must be a whole number from 1 to 36500',
      'RESULT_RETENTION_HOURS: RESULT_RETENTION_HOURS must be a whole number from 1 to 8760',
    ]);
  });

  it('prefers Socket Mode when an app token is set', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(result.ok && result.config.slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
  });

  it('lists every problem at once and never prints a secret value', () => {
    const result = loadConfig({
      SLACK_BOT_TOKEN: `not-a-token-${SECRET}`,
      SLACK_APP_TOKEN: `wrong-${SECRET}`,
      JUHE_TIMEOUT_MS: 'ten',
      PORT: '70000',
      JUHE_BASE_URL: `ftp://user:${SECRET}@x`,
      COMPLIANCE_CHANNELS: 'C0OK,general',
      ALLOWED_USER_IDS: 'bob',
      LOG_LEVEL: 'loud',
      LOCALE: 'fr',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const names = result.problems.map((p) => p.split(':')[0]);
    expect(names).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'PORT',
      'JUHE_BASE_URL',
      'JUHE_TIMEOUT_MS',
      'COMPLIANCE_CHANNELS',
      'ALLOWED_USER_IDS',
      'LOG_LEVEL',
      'LOCALE',
    ]);
    const text = describeConfigProblems(result.problems);
    expect(text).toContain('9 configuration problems');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('general');
  });

  it.each(['1e3', '0x50', '0b1010', '80.0', '+80', '-1', '8 0', '８０'])(
    'rejects PORT and JUHE_TIMEOUT_MS written as %j',
    (written) => {
      expect(loadConfig({ PORT: written, JUHE_TIMEOUT_MS: written })).toEqual({
        ok: false,
        problems: [
          'PORT: PORT must be a whole number from 0 to 65535',
          'JUHE_TIMEOUT_MS: JUHE_TIMEOUT_MS must be a whole number from 100 to 120000',
        ],
      });
    },
  );

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' 0.0.0.0 ', '0.0.0.0'],
    ['::', '::'],
    ['::1', '::1'],
    ['localhost', 'localhost'],
    ['app-1.internal', 'app-1.internal'],
  ])('reads HOST %j as the interface to bind', (raw, host) => {
    const result = loadConfig({ HOST: raw });
    expect(result.ok && result.config.host).toBe(host);
  });

  it.each(['http://0.0.0.0', '0.0.0.0:3000', 'bad host', '-leading.dash'])('rejects HOST %j', (raw) => {
    expect(loadConfig({ HOST: raw })).toEqual({
      ok: false,
      problems: ['HOST: must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::) or a host name of this machine'],
    });
  });

  it('leaves HOST unset when it is not given: every interface in production', () => {
    const result = loadConfig({});
    expect(result.ok && 'host' in result.config).toBe(false);
  });

  it('reads plain digits, spaces around them allowed', () => {
    const result = loadConfig({ PORT: ' 0080 ', JUHE_TIMEOUT_MS: '1000' });
    expect(result.ok && [result.config.port, result.config.juhe.timeoutMs]).toEqual([80, 1000]);
  });

  it.each([
    'https://apis.juhe.cn#frag',
    'https://apis.juhe.cn/#',
    'https://apis.juhe.cn/?',
    'https://apis.juhe.cn/?a=1',
    'https://user@apis.juhe.cn',
  ])('rejects JUHE_BASE_URL and SLACK_API_URL %j', (url) => {
    expect(loadConfig({ JUHE_BASE_URL: url, SLACK_API_URL: url })).toEqual({
      ok: false,
      problems: [
        'SLACK_API_URL: must be an http(s) URL without credentials, query string or fragment',
        'JUHE_BASE_URL: must be an http(s) URL without credentials, query string or fragment',
      ],
    });
  });

  it('says what is missing for a half-configured Slack connection', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({
      ok: false,
      problems: ['SLACK_SIGNING_SECRET: required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)'],
    });
    expect(loadConfig({ SLACK_SIGNING_SECRET: SECRET })).toEqual({
      ok: false,
      problems: [
        'SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (unset all three for local mode)',
      ],
    });
  });
});
