import type { AuditSubject } from '../../audit/auditLog.js';
import { validatePersonName } from '../../domain/personName.js';
import { checkRiskKeyword } from '../../domain/riskKeyword.js';
import { parseRiskScope, type RiskScope } from '../../domain/riskType.js';
import type { FieldProblem } from '../blocks/validationText.js';
import { BLOCK_IDS, INPUT_ACTION_IDS, type InputBlockId } from '../ids.js';
import { readSelectedValue, readText } from './viewState.js';

export type RiskSubmission =
  | { ok: true; keyword: string; realname: string; scope: RiskScope }
  | { ok: false; problems: Partial<Record<InputBlockId, FieldProblem>> };

/** The risk modal's fields, checked by the same rules as the command text. */
export function readRiskSubmission(values: unknown): RiskSubmission {
  const problems: Partial<Record<InputBlockId, FieldProblem>> = {};
  const keyword = readText(values, BLOCK_IDS.keyword, INPUT_ACTION_IDS.keyword).trim();
  const rawName = readText(values, BLOCK_IDS.realname, INPUT_ACTION_IDS.realname);
  const scope = parseRiskScope(readSelectedValue(values, BLOCK_IDS.type, INPUT_ACTION_IDS.type) ?? 'all');

  const keywordProblem = keyword === '' ? 'required' : checkRiskKeyword(keyword);
  if (keywordProblem) problems.keyword = keywordProblem;
  const name = validatePersonName(rawName);
  if (!name.ok) problems.realname = rawName.trim() === '' ? 'required' : name.code;
  if (scope === undefined) problems.type = 'unknown_type';

  if (!name.ok || scope === undefined || keywordProblem) return { ok: false, problems };
  return { ok: true, keyword, realname: name.value, scope };
}

/** What was typed into the risk form, as it was, for the audit of a submission that was refused. */
export function typedRiskSubject(values: unknown): AuditSubject {
  return {
    keyword: readText(values, BLOCK_IDS.keyword, INPUT_ACTION_IDS.keyword),
    realname: readText(values, BLOCK_IDS.realname, INPUT_ACTION_IDS.realname),
  };
}
