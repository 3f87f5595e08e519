import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { createLogger } from './logger.js';
import { runAsRequest } from './requestContext.js';

function capture() {
  const { lines, destination } = captureLog();
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logger', () => {
  it('redacts sensitive fields by name, at any of the first levels', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        key: 'juhe-key-1',
        idcard: '11010519491231002X',
        nested: { mobile: '13812345678', deeper: { key: 'k2' } },
      },
      'call',
    );
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line.key).toBe('[Redacted]');
    expect(line.idcard).toBe('[Redacted]');
    expect(line.nested.mobile).toBe('[Redacted]');
    expect(line.nested.deeper.key).toBe('[Redacted]');
  });

  it("redacts a person's name under realname and nested name, keeping pino's own name", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        realname: '张德洲',
        subject: { realname: '张三', name: '李娜' },
        query: { person: { name: '王五' } },
      },
      'lookup',
    );
    const raw = lines[0] ?? '';
    for (const name of ['张德洲', '张三', '李娜', '王五']) expect(raw).not.toContain(name);
    const line = JSON.parse(raw);
    expect(line.name).toBe('juhe-risk-slack');
    expect(line.realname).toBe('[Redacted]');
    expect(line.subject).toEqual({ realname: '[Redacted]', name: '[Redacted]' });
    expect(line.query.person.name).toBe('[Redacted]');
  });

  it('masks a 身份证 or mobile that slipped into free text, and keeps the line valid JSON', () => {
    const { lines, logger } = capture();
    logger.warn(
      { note: 'user typed 11010519491231002X and 13812345678 in the purpose' },
      'odd input 13812345678',
    );
    const raw = lines[0] ?? '';
    expect(raw).not.toContain('11010519491231002X');
    expect(raw).not.toContain('13812345678');
    const line = JSON.parse(raw);
    expect(line.note).toContain('110105********002X');
    expect(line.msg).toContain('138****5678');
  });

  it('stamps every line written inside a request with its id, kind and user', async () => {
    const { lines, logger } = capture();
    await runAsRequest({ kind: 'command /risk', user: 'U0ANALYST' }, async () => {
      logger.info('one');
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.child({ component: 'juhe' }).debug('two');
    });
    logger.info('outside');
    const [one, two, outside] = lines.map((l) => JSON.parse(l));
    expect(one.requestId).toMatch(/^[0-9a-f]{8}$/);
    expect(two.requestId).toBe(one.requestId);
    expect(two).toMatchObject({ kind: 'command /risk', user: 'U0ANALYST', component: 'juhe' });
    expect(outside.requestId).toBeUndefined();
  });
});
