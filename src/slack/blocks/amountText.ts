import type { Locale } from '../../i18n/catalog.js';

const WAN = 10_000;
const YI = 100_000_000;

function grouped(value: number, fractionDigits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/**
 * An amount in 元 as a Chinese reader reads it: "¥950,418,538" in English; in zh-CN in 亿 or 万 from
 * those sizes on, with two decimals ("9.50 亿元", "12.50 万元"), and whole 元 below ("8,000 元"). Fen
 * are shown only when Juhe sent them.
 */
export function amountText(locale: Locale, yuan: number): string {
  const fraction = Number.isInteger(yuan) ? 0 : 2;
  if (locale === 'en') return `¥${grouped(yuan, fraction)}`;
  if (yuan >= YI) return `${grouped(yuan / YI, 2)} 亿元`;
  if (yuan >= WAN) return `${grouped(yuan / WAN, 2)} 万元`;
  return `${grouped(yuan, fraction)} 元`;
}
