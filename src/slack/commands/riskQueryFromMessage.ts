import type { RiskScope } from '../../domain/riskType.js';
import { findSubjectInText } from '../../domain/subjectInText.js';
import { parseRiskCommand } from './parseRiskCommand.js';

/** What the risk form is prefilled with from a message: whatever could be read, for the analyst to correct. */
export interface RiskQuerySuggestion {
  keyword?: string;
  realname?: string;
  scope?: RiskScope;
}

/** `/risk …` quoted inside a message, up to the end of its line. */
const QUOTED_COMMAND = /\/risk\s+([^\n]+)/u;

/** The query a command reads as, if it is one. */
function asQuery(text: string): RiskQuerySuggestion | undefined {
  const parsed = parseRiskCommand(text);
  return parsed.kind === 'query'
    ? { keyword: parsed.keyword, realname: parsed.realname, scope: parsed.scope }
    : undefined;
}

/**
 * A message that quotes a `/risk` command gives that query (its first three words, or two, when ordinary
 * words follow it); otherwise the company and the person the text probably names (findSubjectInText); a
 * message that is itself `<keyword> <name> [type]` is read as one.
 */
export function riskQueryFromMessage(text: string): RiskQuerySuggestion {
  const quoted = QUOTED_COMMAND.exec(text)?.[1]?.trim().split(/\s+/u);
  if (quoted !== undefined) {
    for (const count of [quoted.length, 3, 2]) {
      const query = count <= quoted.length ? asQuery(quoted.slice(0, count).join(' ')) : undefined;
      if (query !== undefined) return query;
    }
  }
  const found = findSubjectInText(text);
  if (found.keyword !== undefined) return found;
  return asQuery(text) ?? found;
}
