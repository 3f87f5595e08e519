import { describe, expect, it } from 'vitest';
import { decodeViewOrigin, encodeViewOrigin } from './viewMetadata.js';

describe('view origin metadata', () => {
  it('round-trips and stays small', () => {
    const origin = {
      channelId: 'C0COMPLIANCE',
      responseUrl: 'https://hooks.slack.com/commands/T0001/1234/abcd',
      threadTs: '1700000000.000100',
    };
    const encoded = encodeViewOrigin(origin);
    expect(encoded.length).toBeLessThan(3000);
    expect(decodeViewOrigin(encoded)).toEqual(origin);
    expect(decodeViewOrigin(encodeViewOrigin({ channelId: 'D1' }))).toEqual({ channelId: 'D1' });
  });

  it.each([undefined, '', 'x', '{}', '{"c":1}', '{"c":"C1","r":"not a url"}'])('rejects %s', (metadata) => {
    expect(decodeViewOrigin(metadata)).toBeUndefined();
  });
});
