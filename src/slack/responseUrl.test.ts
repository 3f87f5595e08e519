import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { createLogger } from '../logging/logger.js';
import { createResponseUrlPolicy, postToResponseUrl, ResponseUrlRefusedError } from './responseUrl.js';

const silent = createLogger({ level: 'silent' });
const message = { text: 'answer', blocks: [] };

describe('response_url policy', () => {
  const policy = createResponseUrlPolicy({ logger: silent });

  it.each([
    'https://hooks.slack.com/commands/T0001/1234/abcd',
    'https://hooks.slack.com/actions/T0001/1234/abcd',
    'https://hooks.slack-gov.com/commands/T0001/1234/abcd',
  ])('takes Slack’s own %s', (url) => {
    expect(policy.check(url).href).toBe(url);
  });

  it.each([
    ['plain http', 'http://hooks.slack.com/commands/T0001/1/x'],
    ['another port', 'https://hooks.slack.com:8443/commands/T0001/1/x'],
    ['a look-alike host', 'https://hooks.slack.com.example.net/commands/x'],
    ['a subdomain', 'https://evil.hooks.slack.com/commands/x'],
    ['user info', 'https://hooks.slack.com@example.net/commands/x'],
    ['credentials', 'https://u:p@hooks.slack.com/commands/x'],
    ['loopback', 'http://127.0.0.1:9/response/x'],
    ['not a URL', 'hooks.slack.com/commands/x'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(() => policy.check(url)).toThrow(ResponseUrlRefusedError);
  });

  it('takes the origin of SLACK_API_URL when it is set (the fake Slack), and only that origin', () => {
    const local = createResponseUrlPolicy({ apiUrl: 'http://127.0.0.1:4100/api/', logger: silent });
    expect(local.check('http://127.0.0.1:4100/response/abc').port).toBe('4100');
    expect(() => local.check('http://127.0.0.1:4101/response/abc')).toThrow(ResponseUrlRefusedError);
    expect(() => local.check('https://127.0.0.1:4100/response/abc')).toThrow(ResponseUrlRefusedError);
    expect(local.check('https://hooks.slack.com/commands/T1/1/x').hostname).toBe('hooks.slack.com');
  });

  it('logs a warning with the host only, and the error says nothing about the URL', () => {
    const { lines, destination } = captureLog();
    const logged = createResponseUrlPolicy({ logger: createLogger({ level: 'debug', destination }) });
    let error: unknown;
    try {
      logged.check('https://attacker.example/secret-path/13812345678');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResponseUrlRefusedError);
    expect((error as Error).message).not.toContain('attacker');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 40, responseUrlHost: 'attacker.example' });
    expect(lines[0]).not.toContain('secret-path');
  });
});

describe('postToResponseUrl', () => {
  let server: Server;
  let received = 0;
  let origin = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      received += 1;
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts to an allowed URL and sends nothing to a refused one', async () => {
    const allowed = createResponseUrlPolicy({ apiUrl: `${origin}/api/`, logger: silent });
    await postToResponseUrl(allowed, `${origin}/response/1`, message);
    expect(received).toBe(1);
    const strict = createResponseUrlPolicy({ logger: silent });
    await expect(postToResponseUrl(strict, `${origin}/response/1`, message)).rejects.toBeInstanceOf(
      ResponseUrlRefusedError,
    );
    expect(received).toBe(1);
  });
});
