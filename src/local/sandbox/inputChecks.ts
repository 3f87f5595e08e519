/*
 * The sandbox's own input checks for financeInfo. A look-alike only needs to be plausible, so these are
 * deliberately minimal and independent of src/domain (the app's validators may be stricter).
 */

const ID_CARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CARD_CHECK_CHARS = '10X98765432';

/** GB 11643 check character for the first 17 digits of a 身份证 number. */
export function idCardCheckChar(first17Digits: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(first17Digits[index]) * (ID_CARD_WEIGHTS[index] ?? 0);
  }
  return ID_CARD_CHECK_CHARS[sum % 11] ?? '';
}

export function isPlausibleIdCard(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  return idCardCheckChar(value.slice(0, 17)) === value[17];
}

export function isPlausibleMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

export function isPlausiblePersonName(value: string): boolean {
  return value.trim() !== '' && !/\d/.test(value);
}
