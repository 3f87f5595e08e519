import type { AuditExportRequest } from '../../audit/export/auditExport.js';
import type { RiskScope } from '../../domain/riskType.js';
import type { UsccTypo } from '../../domain/usccTypo.js';

/** What `/risk <text>` asks for, after parsing. */
export type RiskCommand =
  | { kind: 'help' }
  /** bare `/risk`: open the modal */
  | { kind: 'modal' }
  | { kind: 'query'; keyword: string; realname: string; scope: RiskScope }
  | { kind: 'invalid'; problem: RiskCommandProblem }
  /** `/risk audit [from] [to] [member]`: the auditors' export */
  | { kind: 'audit'; request: AuditExportRequest }
  | { kind: 'auditInvalid'; problem: AuditCommandProblem }
  /** `/risk watch [<keyword> <name> [type]]`: the risk_watch modal, prefilled with what was given */
  | { kind: 'watch'; initial: { keyword?: string; realname?: string; scope?: RiskScope } }
  /** `/risk watches`: the requester's watches */
  | { kind: 'watches' }
  /** `/risk batch`: the risk_batch modal, to upload a file of subjects */
  | { kind: 'batch' };

export type AuditCommandProblemCode =
  /** a word that starts like a date but is not YYYY-MM-DD */
  | 'date_format'
  /** YYYY-MM-DD, but not on the calendar (2026-02-30) */
  | 'date_impossible'
  | 'range_reversed'
  | 'range_too_long'
  /** `@name`: a display name, not a member ID (see parseAuditCommand for why it is not looked up) */
  | 'user_handle'
  /** neither a date nor a member */
  | 'unknown_word'
  /** more than two dates or more than one member */
  | 'too_many_words';

export interface AuditCommandProblem {
  code: AuditCommandProblemCode;
  /** the offending word when it is safe to echo */
  word?: string;
  /** for the range problems: the period as read, and its length in days */
  from?: string;
  to?: string;
  days?: number;
}

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
  /** the keyword is shaped like a 统一社会信用代码 and its check character does not match (see usccTypo) */
  | 'keyword_uscc_checksum'
  /** the realname fails the name rules (see detailCode) */
  | 'realname_invalid';

export interface RiskCommandProblem {
  code: RiskCommandProblemCode;
  /** the offending word when it is safe to echo (never for keyword_is_personal_id) */
  word?: string;
  /** for realname_invalid: the domain validator's code (name_chars, name_length, …) */
  detailCode?: string;
  /** for keyword_uscc_checksum: where the code was probably mistyped (positions and characters, never the code) */
  usccTypo?: UsccTypo;
  /**
   * The command as it was probably meant, with quotes where a keyword or a name has spaces
   * (`/risk Acme "John Smith"`); only when every part of it is safe to echo.
   */
  suggestion?: string;
  /** for unknown_type: the person's name the suggestion quotes ("John Smith"), to name it in the hint */
  quotedName?: string;
}
