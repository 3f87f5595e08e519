/**
 * Masks for showing sensitive values on Slack surfaces and in logs (docs/design.md § Privacy). Lengths are
 * counted in code points and preserved, so a mask shows how long the value was but nothing more; each
 * mask is idempotent (masking a masked value returns it unchanged).
 */

const STAR = '*';

function stars(count: number): string {
  return STAR.repeat(Math.max(0, count));
}

/** Below this length first 6 + last 4 would show (nearly) everything, so the whole value is starred. */
const ID_CARD_PARTIAL_MIN = 15;
/** Below this length first 3 + last 4 would show (nearly) everything. */
const MOBILE_PARTIAL_MIN = 11;

/**
 * 身份证: first 6 (region) and last 4 kept, the birth date and sequence starred: `110105********002X`.
 * Shorter than 15 characters: all stars.
 */
export function maskIdCard(value: string): string {
  const chars = [...value];
  if (chars.length < ID_CARD_PARTIAL_MIN) return stars(chars.length);
  return chars.slice(0, 6).join('') + stars(chars.length - 10) + chars.slice(-4).join('');
}

/** Mobile: first 3 and last 4 kept: `138****5678`. Shorter than 11 characters: all stars. */
export function maskMobile(value: string): string {
  const chars = [...value];
  if (chars.length < MOBILE_PARTIAL_MIN) return stars(chars.length);
  return chars.slice(0, 3).join('') + stars(chars.length - 7) + chars.slice(-4).join('');
}

const LETTER = /\p{L}/u;

/**
 * Names (expects a validated name): 1 character `*`; 2 characters `张*`; longer ones keep the first and
 * last character and star every letter between, keeping separators (space, ·, ', -) so the shape stays
 * readable: `张*洲`, `欧**锋`, `J*** ****h`. When nothing between them is starred (`A-B`), the last character
 * is starred too.
 */
export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return stars(chars.length);
  if (chars.length === 2) return `${chars[0]}${STAR}`;
  const middle = chars
    .slice(1, -1)
    .map((ch) => (LETTER.test(ch) ? STAR : ch))
    .join('');
  const last = middle.includes(STAR) ? chars[chars.length - 1] : STAR;
  return `${chars[0]}${middle}${last}`;
}
