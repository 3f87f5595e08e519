import { describe, expect, it } from 'vitest';
import { captureLog } from '../../test/support/capturedLog.js';
import { toBoltLogger } from './boltLogger.js';
import { createLogger } from './logger.js';

function capture() {
  const { lines, destination } = captureLog();
  return { lines, bolt: toBoltLogger(createLogger({ level: 'debug', destination })) };
}

describe('toBoltLogger', () => {
  it('drops the Web API client’s request bodies and results, which carry names from Juhe records', () => {
    const { lines, bolt } = capture();
    bolt.debug(`http request body: {"channel":"C1","blocks":[{"text":"Person: 张德洲"}]}`);
    bolt.debug('http request result: {"ok":true,"message":{"text":"张德洲"}}');
    bolt.debug("apiCall('chat.postMessage') start");
    const text = lines.join('');
    expect(text).not.toContain('张德洲');
    expect(text).toContain('http request body omitted');
    expect(text).toContain("apiCall('chat.postMessage') start");
  });

  it('joins Bolt’s loose arguments into one message on our logger', () => {
    const { lines, bolt } = capture();
    bolt.warn('could not', { n: 1 }, new Error('boom'));
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 40,
      component: 'bolt',
      msg: 'could not {"n":1} boom',
    });
  });
});
