import type { RiskScope } from '../../domain/riskType.js';

/** What `/risk <text>` asks for, after parsing. */
export type RiskCommand =
  | { kind: 'help' }
  /** bare `/risk`: open the modal */
  | { kind: 'modal' }
  | { kind: 'query'; keyword: string; realname: string; scope: RiskScope }
  | { kind: 'invalid'; problem: RiskCommandProblem };

export type RiskCommandProblemCode =
  /** a quote was opened and never closed */
  | 'unclosed_quote'
  /** only one word: the person's name is missing */
  | 'missing_realname'
  /** more words than keyword, name and type */
  | 'too_many_words'
  /** third word is not a type word */
  | 'unknown_type'
  | 'keyword_too_long'
  /** the keyword is shaped like a 身份证 or a mobile: the risk API takes a company, and we never echo it */
  | 'keyword_is_personal_id'
  /** the realname fails the name rules (see detailCode) */
  | 'realname_invalid';

export interface RiskCommandProblem {
  code: RiskCommandProblemCode;
  /** the offending word when it is safe to echo (never for keyword_is_personal_id) */
  word?: string;
  /** for realname_invalid: the domain validator's code (name_chars, name_length, …) */
  detailCode?: string;
}
