import { looksLikePersonalId } from '../../domain/personalId.js';
import { foldFullWidthAlnum } from '../../domain/validation.js';

/** Any 11+ digit run may be a mobile or a 身份证, even inside a longer word. */
const LONG_DIGIT_RUN = /\d{11,}/;
const DIGIT_GROUPING = /[\s\-()\uFF08\uFF09+\uFF0B]/g;

/** Whether a typed word may be shown back in a usage message: never anything shaped like a 身份证 or mobile. */
export function isSafeToEcho(word: string): boolean {
  return (
    !looksLikePersonalId(word) && !LONG_DIGIT_RUN.test(foldFullWidthAlnum(word).replace(DIGIT_GROUPING, ''))
  );
}
