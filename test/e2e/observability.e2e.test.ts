import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_QUEUE } from '../../src/slack/delivery/lookupDeliveries.js';
import { parsePrometheusText, type Scrape } from '../support/prometheusText.js';
import { type Harness, IDS, startHarness, textOf, waitUntil } from './harness.js';

/**
 * GET /metrics scraped and parsed as Prometheus reads it, after real work through the receiver: the
 * figures are the ones the sandbox and the fake Slack saw. GET /readyz beside /healthz.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function scrape(): Promise<Scrape> {
  const response = await fetch(`${h.app.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(await response.text());
}

describe('GET /metrics', () => {
  it('counts a billed lookup, its latency, the cache, the queue and the deliveries; the process metrics are there', async () => {
    h.sandbox.resetRequests();
    const before = h.fake.ephemeralsFor(IDS.analyst, IDS.generalChannel).length;
    await h.slash('/risk', '江苏 张德洲 1');
    const answer = await h.privateAnswer(before);
    expect(textOf(answer.blocks)).toContain('苏05');
    expect(h.sandbox.requestCount()).toBe(1);
    // the same question again: the memory tier answers, Juhe is not asked
    await h.slash('/risk', '江苏 张德洲 1');
    await h.privateAnswer(before + 1);
    expect(h.sandbox.requestCount()).toBe(1);

    const metrics = await scrape();
    expect(metrics.types.get('juhe_calls_total')).toBe('counter');
    expect(metrics.types.get('juhe_call_duration_seconds')).toBe('histogram');
    expect(metrics.value('juhe_calls_total', { api: 'risk', outcome: '0' })).toBe(1);
    expect(metrics.sum('juhe_calls_total')).toBe(1);
    expect(metrics.value('juhe_billed_calls_total', { api: 'risk' })).toBe(1);
    expect(metrics.value('juhe_call_duration_seconds_count', { api: 'risk' })).toBe(1);
    expect(metrics.value('juhe_call_duration_seconds_bucket', { api: 'risk', le: '+Inf' })).toBe(1);
    expect(metrics.value('juhe_queue_wait_seconds_count')).toBe(1);
    expect(metrics.value('juhe_queue_length')).toBe(0);
    expect(metrics.value('juhe_calls_open')).toBe(0);
    // each question is looked up twice: for the budget (a stored page needs no call), then by the fetch
    expect(metrics.value('page_cache_lookups_total', { tier: 'memory', result: 'miss' })).toBe(2);
    expect(metrics.value('page_cache_lookups_total', { tier: 'memory', result: 'hit' })).toBe(2);
    expect(metrics.value('page_cache_bytes')).toBeGreaterThan(1_000);
    expect(metrics.value('slack_deliveries_pending')).toBe(0);
    expect(metrics.value('jobs', { queue: DELIVERY_QUEUE, state: 'active' })).toBeGreaterThanOrEqual(0);
    expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(metrics.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(metrics.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('a Slack 500 on views.open: one error and one retry by Bolt’s client, and the modal still opens', async () => {
    h.fake.failNext('views.open', [{ status: 500 }]);
    await h.slash('/risk', '');
    await h.waitForView(IDS.analyst, 'risk_query');
    const metrics = await scrape();
    expect(metrics.value('slack_api_errors_total', { method: 'views.open', error: 'http_500' })).toBe(1);
    expect(metrics.value('slack_api_retries_total', { method: 'views.open' })).toBe(1);
  });

  it('a thread reply refused with 429: the delivery client counts it (no client retry), the job delivers later', async () => {
    const isThreadReply = (args: Record<string, unknown>) => typeof args.thread_ts === 'string';
    h.fake.failNext('chat.postMessage', [{ status: 429, retryAfter: 1 }], isThreadReply);
    await h.slash('/risk', '江苏 张德洲 1', { channel: IDS.complianceChannel });
    await waitUntil(
      () =>
        h.fake.calls.find((c) => c.method === 'chat.postMessage' && isThreadReply(c.args) && c.ok) ??
        undefined,
      20_000,
    );
    const metrics = await scrape();
    expect(
      metrics.value('slack_api_errors_total', { method: 'chat.postMessage', error: 'ratelimited' }),
    ).toBe(1);
    expect(metrics.value('slack_api_retries_total', { method: 'chat.postMessage' })).toBeUndefined();
    await waitUntil(async () =>
      (await scrape()).value('slack_deliveries_pending') === 0 ? true : undefined,
    );
  });
});

describe('GET /readyz', () => {
  it('200 with each check named while the database answers; /healthz stays the liveness probe', async () => {
    const response = await fetch(`${h.app.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, checks: { database: 'ok' } });
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });
});
