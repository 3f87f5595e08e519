import { describe, expect, it } from 'vitest';
import type { FakeSlack } from '../../src/local/fake-slack/server.js';
import { personalDataSentToSlack } from './harness.js';

const sentWith = (args: Record<string, unknown>, ackBodies: string[] = []) =>
  personalDataSentToSlack({
    fake: { calls: [{ method: 'views.open', args }] } as unknown as FakeSlack,
    ackBodies,
  });

describe('the personal-data scan over what the app sent to Slack', () => {
  it('finds a 身份证 or mobile anywhere in a call or an ack', () => {
    expect(sentWith({ view: { private_metadata: '{"id":"11010519491231002X"}' } })).toEqual([
      'views.open: 11010519491231002X',
    ]);
    expect(sentWith({}, ['{"text":"call 13812345678"}'])).toEqual(['ack: 13812345678']);
  });

  it('ignores Slack’s own random tokens handed back: trigger_ids and response_urls', () => {
    expect(
      sentWith({
        trigger_id: '17000000000001.1.ab13812345678cd',
        view: { private_metadata: '{"r":"http://127.0.0.1:9/response/ab17719391710cd"}' },
      }),
    ).toEqual([]);
  });

  it('ignores the app’s own UUIDs (a batch id in a button value) but not a mobile beside one', () => {
    const batchId = '0f8e2d1c-9b7a-4c3d-8e5f-a14563125226';
    expect(sentWith({ blocks: [{ elements: [{ value: batchId }] }] })).toEqual([]);
    expect(sentWith({ text: `${batchId} 13812345678` })).toEqual(['views.open: 13812345678']);
  });
});
