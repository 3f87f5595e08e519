import type { RiskRelation } from '../juhe/types.js';

/**
 * What one of Juhe's `Relation` entries says, under its own name. Juhe sends a category (`TypeDesc`:
 * 失信信息, 被执行人信息, 限制高消费) and a free-text `Value` whose meaning depends on it: the 履行情况 of a
 * 失信 record, the 执行标的 of an enforcement ("执行标的：125000元"), the order of a 限制消费 record. The
 * category only repeats the source, so it is dropped once the value has its own label; a shape the app
 * does not know is kept exactly as it came.
 */
export type RelationField =
  | { kind: 'fulfilment'; text: string }
  | { kind: 'amount'; yuan: number; remark: string }
  | { kind: 'order'; text: string }
  | { kind: 'other'; text: string };

const FULFILMENT_CATEGORIES = new Set(['失信信息', '失信被执行人信息', '失信']);
const ENFORCEMENT_CATEGORIES = new Set(['被执行人信息', '被执行信息', '被执行']);
const ORDER_CATEGORIES = new Set(['限制高消费', '限制消费', '限制消费令', '限制高消费信息', '限制消费信息']);

/** "执行标的：950418538元（含…）", "执行标的:12.5万元", "125000元": an amount in 元 (or 万元), then a remark. */
const AMOUNT = /^(?:执行标的\s*[:：]?\s*)?([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|亿)?\s*元(.*)$/su;

const UNIT_FACTOR = { 万: 10_000, 亿: 100_000_000 } as const;

function amountOf(value: string): { yuan: number; remark: string } | undefined {
  const match = AMOUNT.exec(value);
  if (!match) return undefined;
  const digits = (match[1] ?? '').replaceAll(',', '');
  const unit = match[2] as keyof typeof UNIT_FACTOR | undefined;
  const yuan = Number(digits) * (unit ? UNIT_FACTOR[unit] : 1);
  if (!Number.isFinite(yuan)) return undefined;
  return { yuan: Math.round(yuan * 100) / 100, remark: (match[3] ?? '').trim() };
}

/** The relation as a labelled field; null when Juhe sent nothing in it. */
export function relationField(relation: RiskRelation): RelationField | null {
  const category = relation.description.trim();
  const value = relation.fulfilment.trim();
  if (!value) return category ? { kind: 'other', text: category } : null;
  if (ENFORCEMENT_CATEGORIES.has(category) || category === '') {
    const amount = amountOf(value);
    if (amount) return { kind: 'amount', ...amount };
  }
  if (FULFILMENT_CATEGORIES.has(category)) return { kind: 'fulfilment', text: value };
  if (ORDER_CATEGORIES.has(category)) return { kind: 'order', text: value };
  // as it came: the category is part of what the reader needs when the app cannot name the value
  return { kind: 'other', text: category ? `${category}：${value}` : value };
}
