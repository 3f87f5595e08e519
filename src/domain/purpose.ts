/**
 * The purpose of a /finance lookup goes into the audit record (PIPL art. 55/56: a processing record
 * names why). Long enough to say something, short enough for one audit field.
 */
export const PURPOSE_MIN_LENGTH = 5;
export const PURPOSE_MAX_LENGTH = 500;

export type PurposeProblem = 'required' | 'purpose_too_short' | 'purpose_too_long';

/** Undefined when the (trimmed) purpose is acceptable. */
export function checkPurpose(purpose: string): PurposeProblem | undefined {
  if (purpose === '') return 'required';
  if (purpose.length < PURPOSE_MIN_LENGTH) return 'purpose_too_short';
  if (purpose.length > PURPOSE_MAX_LENGTH) return 'purpose_too_long';
  return undefined;
}
