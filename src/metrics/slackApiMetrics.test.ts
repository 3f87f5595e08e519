import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppMetrics } from './appMetrics.js';
import { meteredSlackClientOptions, slackMethodOf } from './slackApiMetrics.js';

/** A Slack Web API on loopback answering each request with the next of `answers`. */
async function slackAnswering(
  answers: Array<{ status: number; body: string; headers?: Record<string, string> }>,
) {
  let index = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answers[Math.min(index, answers.length - 1)] ?? { status: 500, body: '' };
      index += 1;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return {
    url,
    requests: () => index,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A WebClient against `url` with the metered hooks, and the metrics they count into. */
function meteredClient(
  url: string,
  retryConfig: Parameters<typeof meteredSlackClientOptions>[1],
  options: { rejectRateLimitedCalls?: boolean } = {},
) {
  const metrics = createAppMetrics({ defaultMetrics: false });
  const client = new WebClient('xoxb-test', {
    slackApiUrl: url,
    ...options,
    ...meteredSlackClientOptions(metrics, retryConfig),
  });
  return { metrics, client };
}

const counts = async (metrics: ReturnType<typeof createAppMetrics>) => ({
  errors: (await metrics.slackApiErrors.get()).values.map((v) => [v.labels.method, v.labels.error, v.value]),
  retries: (await metrics.slackApiRetries.get()).values.map((v) => [v.labels.method, v.value]),
});

describe('Slack Web API errors and retries for /metrics', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('a 500 tried again, then answered: one error and one retry for that method', async () => {
    const slack = await slackAnswering([
      { status: 500, body: 'oops' },
      { status: 200, body: '{"ok":true,"ts":"1.2"}' },
    ]);
    closers.push(slack.close);
    const { metrics, client } = meteredClient(slack.url, { retries: 2, minTimeout: 1, maxTimeout: 1 });
    const answer = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    expect(answer.ts).toBe('1.2');
    expect(slack.requests()).toBe(2);
    expect(await counts(metrics)).toEqual({
      errors: [['chat.postMessage', 'http_500', 1]],
      retries: [['chat.postMessage', 1]],
    });
  });

  it('Slack’s own error is counted by its code, not retried, and still reaches the caller', async () => {
    const slack = await slackAnswering([{ status: 200, body: '{"ok":false,"error":"channel_not_found"}' }]);
    closers.push(slack.close);
    const { metrics, client } = meteredClient(slack.url, { retries: 2, minTimeout: 1, maxTimeout: 1 });
    await expect(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect(await counts(metrics)).toEqual({ errors: [['chat.update', 'channel_not_found', 1]], retries: [] });
  });

  it('a refused connection: each attempt an error, the last one not a retry', async () => {
    const slack = await slackAnswering([]);
    await slack.close();
    const { metrics, client } = meteredClient(slack.url, { retries: 1, minTimeout: 1, maxTimeout: 1 });
    await expect(
      client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } }),
    ).rejects.toThrow();
    expect(await counts(metrics)).toEqual({
      errors: [['views.publish', 'request_failed', 2]],
      retries: [['views.publish', 1]],
    });
  });

  it('a rate limit with rejectRateLimitedCalls is one error and no retry', async () => {
    const slack = await slackAnswering([{ status: 429, body: '', headers: { 'retry-after': '1' } }]);
    closers.push(slack.close);
    const { metrics, client } = meteredClient(slack.url, { retries: 0 }, { rejectRateLimitedCalls: true });
    await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'x' })).rejects.toThrow();
    expect(await counts(metrics)).toEqual({
      errors: [['chat.postEphemeral', 'ratelimited', 1]],
      retries: [],
    });
  });

  it('an answer that is ok but holds "ok":false in its own content is no error', async () => {
    const echoed = JSON.stringify({ ok: true, ts: '1.2', message: { text: '{"ok":false}' } });
    const slack = await slackAnswering([{ status: 200, body: echoed }]);
    closers.push(slack.close);
    const { metrics, client } = meteredClient(slack.url, { retries: 0 });
    expect((await client.chat.postMessage({ channel: 'C1', text: '{"ok":false}' })).ts).toBe('1.2');
    expect(await counts(metrics)).toEqual({ errors: [], retries: [] });
  });

  it('a 204 from a proxy is still an HTTP error with its status, not a broken response', async () => {
    const slack = await slackAnswering([{ status: 204, body: '' }]);
    closers.push(slack.close);
    const { metrics, client } = meteredClient(slack.url, { retries: 0 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 204,
    });
    expect(await counts(metrics)).toEqual({ errors: [['chat.postMessage', 'http_204', 1]], retries: [] });
  });

  it('names the method from the URL; anything that is not a Web API method is `other`', () => {
    expect(slackMethodOf('https://slack.com/api/chat.postMessage')).toBe('chat.postMessage');
    expect(slackMethodOf('http://127.0.0.1:9/api/apps.connections.open')).toBe('apps.connections.open');
    expect(slackMethodOf('https://files.slack.com/upload/v1/abc123')).toBe('other');
  });
});
