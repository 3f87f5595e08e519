/** Juhe personRisk `type`: 1 失信 (dishonest debtor), 2 被执行 (enforcement target), 3 限制消费 (consumption ban). */
export type RiskType = 1 | 2 | 3;

export const RISK_TYPES: readonly RiskType[] = [1, 2, 3];

/** What the user asked for: one source, or all three (an overview). */
export type RiskScope = RiskType | 'all';

/** The sources a scope covers. */
export function typesOfScope(scope: RiskScope): RiskType[] {
  return scope === 'all' ? [...RISK_TYPES] : [scope];
}

/** The scope some sources make up: one source, else all three (a watch holds one source or all). */
export function scopeOfTypes(types: readonly RiskType[]): RiskScope {
  return types.length === 1 ? (types[0] as RiskType) : 'all';
}

const TYPE_WORDS: ReadonlyMap<string, RiskScope> = new Map<string, RiskScope>([
  ['1', 1],
  ['失信', 1],
  ['dishonest', 1],
  ['2', 2],
  ['被执行', 2],
  ['enforced', 2],
  ['3', 3],
  ['限制消费', 3],
  ['限消', 3],
  ['restricted', 3],
  ['all', 'all'],
  ['全部', 'all'],
]);

/** The type words docs/design.md § Surfaces lists, for help texts. */
export const TYPE_WORD_LIST: readonly string[] = [...TYPE_WORDS.keys()];

/** Reads a type word (case-insensitive for the English ones); undefined when it is not one. */
export function parseRiskScope(word: string): RiskScope | undefined {
  return TYPE_WORDS.get(word.trim().toLowerCase());
}
