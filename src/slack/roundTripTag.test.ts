import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRoundTripTag, ROUND_TRIP_TAG_OVERHEAD } from './roundTripTag.js';

const roundTrip = createRoundTripTag('xoxb-test-token');

describe('round-trip tag', () => {
  it('appends a 22-character base64url tag and verifies back to the value', () => {
    const value = '{"v":1,"k":"江苏","n":"张德洲","t":1,"p":2,"s":10}';
    const tagged = roundTrip.tag(value);
    expect(tagged.startsWith(`${value}.`)).toBe(true);
    expect(tagged.length - value.length).toBe(ROUND_TRIP_TAG_OVERHEAD);
    expect(tagged.slice(-22)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(roundTrip.verify(tagged)).toBe(value);
  });

  it('verifies on another instance that has the same secret (another replica of the app)', () => {
    const tagged = roundTrip.tag('hello');
    expect(createRoundTripTag('xoxb-test-token').verify(tagged)).toBe('hello');
    expect(createRoundTripTag('xoxb-other-token').verify(tagged)).toBeUndefined();
  });

  it('refuses an edited value, an edited tag, a moved separator and anything untagged', () => {
    const tagged = roundTrip.tag('{"v":1,"k":"江苏","p":2}');
    expect(roundTrip.verify(tagged.replace('"p":2', '"p":3'))).toBeUndefined();
    const lastChar = tagged.at(-1) === 'A' ? 'B' : 'A';
    expect(roundTrip.verify(`${tagged.slice(0, -1)}${lastChar}`)).toBeUndefined();
    expect(roundTrip.verify(`x${tagged}`)).toBeUndefined();
    expect(roundTrip.verify(tagged.slice(0, -1))).toBeUndefined();
    expect(roundTrip.verify('{"v":1,"k":"江苏","p":2}')).toBeUndefined();
    for (const notText of [undefined, null, 42, {}, ['x']]) expect(roundTrip.verify(notText)).toBeUndefined();
  });

  it('refuses a value with a lone surrogate, which UTF-8 could not tell from another one', () => {
    const tagged = roundTrip.tag('a\uD800b');
    expect(roundTrip.verify(tagged)).toBeUndefined();
    expect(roundTrip.verify(tagged.replace('\uD800', '\uDBFF'))).toBeUndefined();
  });

  it('tags the empty string too, and needs a secret', () => {
    expect(roundTrip.verify(roundTrip.tag(''))).toBe('');
    expect(() => createRoundTripTag('')).toThrow();
  });

  it('any value survives its own tag, and no single-character edit keeps a valid tag', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.nat(), (value, at) => {
        const tagged = roundTrip.tag(value);
        expect(roundTrip.verify(tagged)).toBe(value);
        const index = at % tagged.length;
        const swapped = tagged.charAt(index) === 'x' ? 'y' : 'x';
        const edited = `${tagged.slice(0, index)}${swapped}${tagged.slice(index + 1)}`;
        expect(roundTrip.verify(edited)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
