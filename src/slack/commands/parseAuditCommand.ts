import { auditPeriod, parseAuditDay } from '../../audit/export/auditPeriod.js';
import { foldFullWidthAlnum } from '../../domain/validation.js';
import { isSafeToEcho } from './commandEcho.js';
import type { AuditCommandProblem, RiskCommand } from './riskCommand.types.js';

/** `/risk audit …`: the first word, bare (a quoted "audit" stays a company keyword). */
const AUDIT_WORD = /^audit(?:\s+|$)/iu;
/** Slack's mention markup, `<@U0123ABCD>` or `<@U0123ABCD|ana>`, or a member ID as copied from a profile. */
const MENTION = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const MEMBER_ID = /^[UW][A-Z0-9]{2,}$/;
/** A word that starts with a digit was meant as a date. */
const DATE_LIKE = /^\d/;
const ECHO_MAX_CHARS = 40;

/** The words after `audit` when `text` (Slack entities decoded, trimmed) is the audit subcommand. */
export function auditSubcommandWords(text: string): string[] | undefined {
  const match = AUDIT_WORD.exec(text);
  if (!match) return undefined;
  return text
    .slice(match[0].length)
    .split(/\s+/u)
    .filter((word) => word !== '');
}

function echoed(word: string): Pick<AuditCommandProblem, 'word'> {
  return [...word].length <= ECHO_MAX_CHARS && isSafeToEcho(word) ? { word } : {};
}

function invalid(problem: AuditCommandProblem): RiskCommand {
  return { kind: 'auditInvalid', problem };
}

/**
 * Reads `[from] [to] [member]` after `/risk audit`: dates in YYYY-MM-DD (China Standard Time; the first is
 * the start), the member anywhere among them. `today` is the current day in China (YYYY-MM-DD).
 *
 * A typed `@name` arrives as plain text (the manifest has should_escape: false) and is refused rather
 * than looked up with users.list: that needs the users:read scope (the whole directory, for one
 * filter), and display names change and repeat, so an export filtered by one could silently be someone
 * else's queries. The member ID is exact and is what the audit trail records.
 */
export function parseAuditCommand(words: readonly string[], today: string): RiskCommand {
  const days: string[] = [];
  let requester: string | undefined;
  for (const raw of words) {
    const word = foldFullWidthAlnum(raw);
    const member = MENTION.exec(word)?.[1] ?? (MEMBER_ID.test(word) ? word : undefined);
    if (member !== undefined) {
      if (requester !== undefined) return invalid({ code: 'too_many_words' });
      requester = member;
      continue;
    }
    if (word.startsWith('@') || word.startsWith('＠'))
      return invalid({ code: 'user_handle', ...echoed(raw) });
    if (!DATE_LIKE.test(word)) return invalid({ code: 'unknown_word', ...echoed(raw) });
    const day = parseAuditDay(word);
    if (!day.ok) return invalid({ code: day.code, ...echoed(raw) });
    if (days.length === 2) return invalid({ code: 'too_many_words' });
    days.push(day.day);
  }
  const [from, to] = days;
  const period = auditPeriod({
    today,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
  if (!period.ok) return invalid({ code: period.code, from: period.from, to: period.to, days: period.days });
  return { kind: 'audit', request: { period: period.period, ...(requester ? { requester } : {}) } };
}
