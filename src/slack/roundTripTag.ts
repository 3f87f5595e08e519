import { createHmac, createSecretKey, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * A short MAC on every value the app hands to Slack and gets back later (button values, a modal's
 * private_metadata), so that a value the app did not write — edited in transit or made up — is
 * recognised and not acted on. The values themselves stay readable JSON; only their origin is proven.
 */
export interface RoundTripTag {
  /** `value` with the app's tag appended */
  tag(value: string): string;
  /** the original value when `tagged` carries this app's tag for it; undefined for anything else */
  verify(tagged: unknown): string | undefined;
}

/** HMAC-SHA256 cut to 128 bits: plenty against forgery of a short-lived value, and short in a button. */
const TAG_BYTES = 16;
/** base64url of 16 bytes, unpadded */
const TAG_CHARS = 22;
const SEPARATOR = '.';
/** How many characters tag() adds; encoders keep this much room under Slack's limits. */
export const ROUND_TRIP_TAG_OVERHEAD = SEPARATOR.length + TAG_CHARS;

/**
 * The key is not the secret itself: a fixed label separates it from every other use of that secret,
 * and a new label (v2) would retire every outstanding tag at once.
 */
const KEY_LABEL = 'juhe-risk-slack round-trip tag v1';
/**
 * A lone surrogate: UTF-8 turns every one of them into U+FFFD, so two different strings holding them
 * would share a tag. The app's own values (JSON.stringify output) never hold one.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `secret` is the bot token: every instance of the app has it and it is the same on all of them, so a
 * button written by one instance verifies on another. Rotating the token turns earlier buttons and
 * open modals into stale ones, which the app already answers politely.
 */
export function createRoundTripTag(secret: string): RoundTripTag {
  if (secret.length === 0) throw new Error('a round-trip tag needs a non-empty secret');
  // a KeyObject made once: a raw Buffer key is imported anew by every createHmac (7× slower)
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_LABEL, 32)));
  const macOf = (value: string): string =>
    createHmac('sha256', key).update(value, 'utf8').digest().subarray(0, TAG_BYTES).toString('base64url');

  return {
    tag: (value) => `${value}${SEPARATOR}${macOf(value)}`,
    verify(tagged) {
      if (typeof tagged !== 'string' || tagged.length < ROUND_TRIP_TAG_OVERHEAD) return undefined;
      const cut = tagged.length - ROUND_TRIP_TAG_OVERHEAD;
      if (tagged.charAt(cut) !== SEPARATOR) return undefined;
      const value = tagged.slice(0, cut);
      if (LONE_SURROGATE.test(value)) return undefined;
      // Compared as text, not as decoded bytes: base64url has several spellings of the same last byte.
      const given = Buffer.from(tagged.slice(cut + SEPARATOR.length), 'utf8');
      const expected = Buffer.from(macOf(value), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      return value;
    },
  };
}
