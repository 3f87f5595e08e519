import { createHmac } from 'node:crypto';
import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { signSlackRequest } from './signing.js';

// Slack's published walk-through ("Verifying requests from Slack").
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = 1531420618;
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('signSlackRequest', () => {
  it("reproduces Slack's documented example signature", () => {
    expect(signSlackRequest(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP)).toEqual({
      'x-slack-signature': DOC_SIGNATURE,
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('matches an independent HMAC over v0:<timestamp>:<body>', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const expected = createHmac('sha256', 'other-secret').update(`v0:1700000000:${body}`).digest('hex');
    expect(signSlackRequest('other-secret', body, 1700000000)['x-slack-signature']).toBe(`v0=${expected}`);
  });

  it('defaults the timestamp to now, in seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const timestamp = Number(signSlackRequest('s', 'b')['x-slack-request-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(before + 1);
  });

  it("passes Bolt's verifySlackRequest, which rejects a tampered body or a wrong secret", () => {
    const body = 'command=%2Frisk&text=acme';
    const headers = signSlackRequest('bolt-secret', body, 1700000000);
    const request = (overrides: { body?: string; signingSecret?: string }) => ({
      signingSecret: overrides.signingSecret ?? 'bolt-secret',
      body: overrides.body ?? body,
      headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': 1700000000 },
      nowMilliseconds: 1700000000 * 1000 + 500,
    });
    expect(() => verifySlackRequest(request({}))).not.toThrow();
    expect(() => verifySlackRequest(request({ body: `${body}&x=1` }))).toThrow('signature mismatch');
    expect(() => verifySlackRequest(request({ signingSecret: 'nope' }))).toThrow('signature mismatch');
  });
});
