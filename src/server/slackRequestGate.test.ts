import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { rawPost } from '../../test/support/rawHttp.js';
import { createLogger } from '../logging/logger.js';
import {
  admitSlackRequest,
  SLACK_BODY_LIMIT_BYTES,
  SLACK_TIMESTAMP_TOLERANCE_SECONDS,
  timestampSkewSeconds,
} from './slackRequestGate.js';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;

interface GateServer {
  url: string;
  /** bodies handed on, as the receiver would find them */
  admitted: Buffer[];
  /** bytes the server read off the last request's connection (head included), once it has closed */
  bytesRead: () => Promise<number>;
  logLines: string[];
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function startGate(): Promise<GateServer> {
  const admitted: Buffer[] = [];
  const { lines: logLines, destination } = captureLog();
  const logger = createLogger({ level: 'debug', destination });
  let bytesRead: Promise<number> = Promise.resolve(0);
  server = createServer(async (req, res) => {
    // What the process took in from the kernel, counted without reading anything itself.
    bytesRead = new Promise((resolve) => req.socket.once('close', () => resolve(req.socket.bytesRead)));
    if (await admitSlackRequest(req, res, { logger, now: () => NOW_MS })) {
      admitted.push((req as IncomingMessage & { rawBody: Buffer }).rawBody);
      res.end('admitted');
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, admitted, bytesRead: () => bytesRead, logLines };
}

const stamp = (offsetSeconds: number) => ({ 'x-slack-request-timestamp': String(NOW_S + offsetSeconds) });

describe('the Slack request gate', () => {
  it('hands on a body within the limit byte for byte, with or without a Content-Length', async () => {
    const gate = await startGate();
    const body = Buffer.from(`payload=${encodeURIComponent('{"text":"江苏 张德洲"}')}${'x'.repeat(70_000)}`);
    for (const chunked of [false, true]) {
      const result = await rawPost({ url: gate.url, body, chunked, headers: stamp(0) });
      expect(result.status).toBe(200);
    }
    expect(gate.admitted).toHaveLength(2);
    for (const got of gate.admitted) expect(got.equals(body)).toBe(true);
  });

  it('takes exactly 256 KB and refuses one byte more', async () => {
    const gate = await startGate();
    expect((await rawPost({ url: gate.url, body: Buffer.alloc(SLACK_BODY_LIMIT_BYTES, 97) })).status).toBe(
      200,
    );
    expect(
      (await rawPost({ url: gate.url, body: Buffer.alloc(SLACK_BODY_LIMIT_BYTES + 1, 97) })).status,
    ).toBe(413);
    expect(
      (await rawPost({ url: gate.url, body: Buffer.alloc(SLACK_BODY_LIMIT_BYTES + 1, 97), chunked: true }))
        .status,
    ).toBe(413);
    expect(gate.admitted).toHaveLength(1);
  });

  it('refuses a declared Content-Length over the limit without reading any of the body', async () => {
    const gate = await startGate();
    const result = await rawPost({ url: gate.url, body: Buffer.alloc(4 * 1024 * 1024, 97) });
    expect(result.status).toBe(413);
    // what the socket's first reads brought in with the head (tens of KB), not the 4 MB sent
    expect(await gate.bytesRead()).toBeLessThan(SLACK_BODY_LIMIT_BYTES);
    expect(gate.admitted).toEqual([]);
    expect(JSON.parse(gate.logLines.at(-1) ?? '{}')).toMatchObject({
      level: 40,
      contentLength: 4 * 1024 * 1024,
    });
  });

  it('stops reading a chunked body at the limit instead of taking it all in', async () => {
    const gate = await startGate();
    const result = await rawPost({ url: gate.url, body: Buffer.alloc(4 * 1024 * 1024, 97), chunked: true });
    expect(result.status).toBe(413);
    // Reading stops just past the limit (the socket's read-ahead aside); the rest of the 4 MB is never taken in.
    const read = await gate.bytesRead();
    expect(read).toBeGreaterThan(SLACK_BODY_LIMIT_BYTES);
    expect(read).toBeLessThan(4 * SLACK_BODY_LIMIT_BYTES);
    expect(gate.admitted).toEqual([]);
  });

  it.each([
    ['more than 5 minutes ahead', SLACK_TIMESTAMP_TOLERANCE_SECONDS + 1, 401],
    ['a year ahead', 365 * 24 * 3600, 401],
    ['more than 5 minutes behind', -SLACK_TIMESTAMP_TOLERANCE_SECONDS - 1, 401],
    ['just inside 5 minutes ahead', SLACK_TIMESTAMP_TOLERANCE_SECONDS, 200],
    ['just inside 5 minutes behind', -SLACK_TIMESTAMP_TOLERANCE_SECONDS, 200],
    ['now', 0, 200],
  ])('a timestamp %s gets %s', async (_label, offset, status) => {
    const gate = await startGate();
    const result = await rawPost({ url: gate.url, body: Buffer.from('a=1'), headers: stamp(offset) });
    expect(result.status).toBe(status);
    expect(gate.admitted).toHaveLength(status === 200 ? 1 : 0);
  });

  it('refuses a timestamp that is not a number, and leaves a missing one to Bolt (it refuses it, ssl_check aside)', async () => {
    const gate = await startGate();
    const bad = await rawPost({
      url: gate.url,
      body: Buffer.from('a=1'),
      headers: { 'x-slack-request-timestamp': '1e12' },
    });
    expect(bad.status).toBe(401);
    expect((await rawPost({ url: gate.url, body: Buffer.from('ssl_check=1') })).status).toBe(200);
  });
});

describe('timestampSkewSeconds', () => {
  it('reads whole seconds against now', () => {
    expect(timestampSkewSeconds(String(NOW_S + 30), NOW_MS)).toBe(30);
    expect(timestampSkewSeconds(` ${NOW_S - 30} `, NOW_MS)).toBe(-30);
    expect(timestampSkewSeconds(undefined, NOW_MS)).toBeUndefined();
    for (const bad of ['', 'abc', '-5', '1.5', '0x10', [String(NOW_S), String(NOW_S)]]) {
      expect(timestampSkewSeconds(bad, NOW_MS)).toBeNaN();
    }
  });
});
