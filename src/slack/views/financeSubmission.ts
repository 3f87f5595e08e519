import type { AuditSubject } from '../../audit/auditLog.js';
import { validateIdCard } from '../../domain/idcard.js';
import { validateMobile } from '../../domain/mobile.js';
import { validatePersonName } from '../../domain/personName.js';
import { checkPurpose } from '../../domain/purpose.js';
import type { FinanceQuery } from '../../juhe/types.js';
import { CONSENT_OPTION_VALUE } from '../blocks/financeForm.js';
import { BLOCK_IDS, INPUT_ACTION_IDS, type InputBlockId } from '../ids.js';
import { readCheckedValues, readText } from './viewState.js';

export type FinanceSubmission =
  | { ok: true; query: FinanceQuery; purpose: string }
  /** block_id → validation code, for response_action: "errors" */
  | { ok: false; problems: Partial<Record<InputBlockId, string>> };

/**
 * Checks the whole /finance form locally — checksum, birth date, mobile, name, purpose, consent —
 * so nothing invalid is ever sent to (or billed by) Juhe. Every problem is reported at once.
 */
export function readFinanceSubmission(values: unknown): FinanceSubmission {
  const problems: Partial<Record<InputBlockId, string>> = {};
  const rawName = readText(values, BLOCK_IDS.realname, INPUT_ACTION_IDS.realname);
  const rawIdCard = readText(values, BLOCK_IDS.idcard, INPUT_ACTION_IDS.idcard);
  const rawMobile = readText(values, BLOCK_IDS.mobile, INPUT_ACTION_IDS.mobile);
  const purpose = readText(values, BLOCK_IDS.purpose, INPUT_ACTION_IDS.purpose).trim();
  const consent = readCheckedValues(values, BLOCK_IDS.consent, INPUT_ACTION_IDS.consent);

  const name = validatePersonName(rawName);
  if (!name.ok) problems.realname = rawName.trim() === '' ? 'required' : name.code;
  const idcard = validateIdCard(rawIdCard);
  if (!idcard.ok) problems.idcard = rawIdCard.trim() === '' ? 'required' : idcard.code;
  const mobile = validateMobile(rawMobile);
  if (!mobile.ok) problems.mobile = rawMobile.trim() === '' ? 'required' : mobile.code;
  const purposeProblem = checkPurpose(purpose);
  if (purposeProblem) problems.purpose = purposeProblem;
  if (!consent.includes(CONSENT_OPTION_VALUE)) problems.consent = 'consent_required';

  if (!name.ok || !idcard.ok || !mobile.ok || Object.keys(problems).length > 0)
    return { ok: false, problems };
  return { ok: true, query: { realname: name.value, idcard: idcard.value, mobile: mobile.value }, purpose };
}

/** What was typed into the /finance form, as it was, for the audit of a submission that was refused. */
export function typedFinanceSubject(values: unknown): AuditSubject {
  return {
    realname: readText(values, BLOCK_IDS.realname, INPUT_ACTION_IDS.realname),
    idcard: readText(values, BLOCK_IDS.idcard, INPUT_ACTION_IDS.idcard),
    mobile: readText(values, BLOCK_IDS.mobile, INPUT_ACTION_IDS.mobile),
  };
}
