import { chinaDay } from '../../audit/export/auditPeriod.js';
import { validatePersonName } from '../../domain/personName.js';
import { checkRiskKeyword, KEYWORD_MAX_CHARS } from '../../domain/riskKeyword.js';
import { parseRiskScope, type RiskScope } from '../../domain/riskType.js';
import { foldFullWidthAlnum } from '../../domain/validation.js';
import { isSafeToEcho } from './commandEcho.js';
import { auditSubcommandWords, parseAuditCommand } from './parseAuditCommand.js';
import type { RiskCommand, RiskCommandProblem } from './riskCommand.types.js';

/** Longest word echoed back in a problem; longer unknown type words are cut to this (ending in …). */
export const ECHO_MAX_CHARS = 40;
/**
 * `detailCode` of a too_many_words problem whose last word is a type word: the keyword probably has spaces
 * and needs quotes. `word` then holds the words before the name, joined, when they are safe to echo.
 */
export const QUOTE_KEYWORD_HINT = 'quote_keyword';
/** A suggested command is shown in full or not at all. */
const SUGGESTION_MAX_CHARS = 300;

const HELP_WORDS: ReadonlySet<string> = new Set(['help', '-h', '--help', '?', '？', '帮助']);

/** `/risk watches`: the requester's watches (a marker no command text can hold). */
const WATCHES_WORD = '\u0000watches';
const WATCH_WORDS: ReadonlySet<string> = new Set(['watch']);
const WATCHES_WORDS: ReadonlySet<string> = new Set(['watches']);
/** `/risk batch`: screening a file of subjects. */
const BATCH_WORD = 'batch';

/**
 * What follows `watch` when the text is a watch subcommand ('' for bare `watch`); WATCHES_WORD for
 * `watches`; undefined otherwise. A keyword that is literally "watch" needs quotes, like "audit".
 */
function watchSubcommandText(text: string): string | undefined {
  const match = /^(\S+)(?:\s+([\s\S]*))?$/u.exec(text);
  const first = match?.[1]?.toLowerCase();
  if (first === undefined) return undefined;
  if (WATCHES_WORDS.has(first) && (match?.[2] ?? '').trim() === '') return WATCHES_WORD;
  if (WATCH_WORDS.has(first)) return match?.[2] ?? '';
  return undefined;
}

/** Opening quote → its closing quote. Slack clients turn " into “ ”; Chinese input methods type 「」 『』. */
const QUOTE_PAIRS: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["'", "'"],
  ['\u201C', '\u201D'],
  ['\u2018', '\u2019'],
  ['\u300C', '\u300D'],
  ['\u300E', '\u300F'],
]);
/** These closers double as apostrophes (O'Brien, O’Brien), so inside a quoted token they may be letters. */
const APOSTROPHE_CLOSERS: ReadonlySet<string> = new Set(["'", '\u2019']);

/** JS `\s` covers tab, NBSP (U+00A0), the ideographic space (U+3000) and the other Unicode spaces. */
const WHITESPACE = /\s/u;
const WHITESPACE_RUN = /\s+/gu;

type Tokenised = { ok: true; words: string[] } | { ok: false };

/**
 * Reads `/risk <keyword> <realname> [type]` (or `/risk audit …`) as Slack sends it. Never throws: every
 * input becomes a help, modal, query, audit or invalid command, and problems never echo anything shaped
 * like a 身份证 or mobile. `today` (YYYY-MM-DD in China Standard Time) anchors the audit's default days.
 */
export function parseRiskCommand(text: string, today: string = chinaDay(new Date())): RiskCommand {
  // typed as string, but this is the edge where Slack's payload enters
  const decoded = decodeSlackEntities(typeof text === 'string' ? text : '');
  const trimmed = decoded.trim();
  if (trimmed.length === 0) return { kind: 'modal' };
  if (HELP_WORDS.has(trimmed.toLowerCase())) return { kind: 'help' };
  const auditWords = auditSubcommandWords(trimmed);
  if (auditWords !== undefined) return parseAuditCommand(auditWords, today);
  // bare `/risk batch`; a keyword that is literally "batch" followed by a name is still a query
  if (trimmed.toLowerCase() === BATCH_WORD) return { kind: 'batch' };
  const watchText = watchSubcommandText(trimmed);
  if (watchText === WATCHES_WORD) return { kind: 'watches' };
  if (watchText !== undefined) {
    // `/risk watch <keyword> <name> [type]`: the same rules as a query; bare `/risk watch` opens an empty form
    const rest = parseRiskCommand(watchText, today);
    if (rest.kind === 'query') {
      return {
        kind: 'watch',
        initial: { keyword: rest.keyword, realname: rest.realname, scope: rest.scope },
      };
    }
    if (rest.kind === 'modal') return { kind: 'watch', initial: {} };
    if (rest.kind === 'invalid') return rest;
    return invalid({ code: 'too_many_words' });
  }

  const tokenised = tokenise(decoded);
  if (!tokenised.ok) return invalid({ code: 'unclosed_quote' });
  const words = tokenised.words;
  const [keyword, realname, typeWord] = words;
  // only empty quotes ("")
  if (keyword === undefined) return { kind: 'modal' };
  if (words.length > 3) return tooManyWords(words);

  const keywordProblem = checkRiskKeyword(keyword);
  if (keywordProblem) return invalid(keywordProblem);

  // `/risk 江苏 失信` forgot the name; 失信 would otherwise pass as a two-character Chinese name
  if (realname === undefined || (typeWord === undefined && parseScopeWord(realname) !== undefined)) {
    return invalid(withEcho({ code: 'missing_realname' }, keyword, truncateForEcho(keyword)));
  }

  const name = validatePersonName(realname);
  if (!name.ok) {
    const echo = codePointLength(realname) <= ECHO_MAX_CHARS ? realname : undefined;
    return invalid(withEcho({ code: 'realname_invalid', detailCode: name.code }, realname, echo));
  }

  let scope: RiskScope = 'all';
  if (typeWord !== undefined) {
    const parsed = parseScopeWord(typeWord);
    if (parsed === undefined) {
      // `/risk Acme John Smith`: "Smith" is no type, but "John Smith" may be the name, unquoted
      const suggestion = suggestedCommand([keyword], [realname, typeWord]);
      const quoted = suggestion ? { suggestion, quotedName: `${realname} ${typeWord}` } : {};
      return invalid(withEcho({ code: 'unknown_type', ...quoted }, typeWord, truncateForEcho(typeWord)));
    }
    scope = parsed;
  }
  return { kind: 'query', keyword, realname: name.value, scope };
}

/** Slack escapes &, < and > in command text; &amp; goes last so "&amp;lt;" stays "&lt;". */
function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Splits on whitespace. A quote opens a token only at the start of a token (so O'Brien stays one word);
 * quoted content is trimmed with inner whitespace collapsed to one space, and empty quotes are dropped.
 */
function tokenise(text: string): Tokenised {
  const words: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (WHITESPACE.test(char)) {
      index++;
      continue;
    }
    const closer = QUOTE_PAIRS.get(char);
    if (closer !== undefined) {
      const end = findCloser(text, index + 1, closer);
      if (end < 0) return { ok: false };
      const content = text
        .slice(index + 1, end)
        .replace(WHITESPACE_RUN, ' ')
        .trim();
      if (content.length > 0) words.push(content);
      // a closing quote ends the token even without a space after it: 「江苏德洲」张德洲
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < text.length && !WHITESPACE.test(text.charAt(end))) end++;
    words.push(text.slice(index, end));
    index = end;
  }
  return { ok: true, words };
}

/** Index of the quote closing a token opened just before `from`; -1 when it is never closed. */
function findCloser(text: string, from: number, closer: string): number {
  if (APOSTROPHE_CLOSERS.has(closer)) {
    // prefer a closer that ends a word: in 'O'Brien Ltd' the first ' is an apostrophe
    for (let at = text.indexOf(closer, from); at >= 0; at = text.indexOf(closer, at + 1)) {
      const next = text.charAt(at + 1);
      if (next === '' || WHITESPACE.test(next)) return at;
    }
  }
  return text.indexOf(closer, from);
}

function tooManyWords(words: readonly string[]): RiskCommand {
  const last = words[words.length - 1] ?? '';
  if (parseScopeWord(last) === undefined) {
    // `/risk Acme Ltd John Smith`: the last two words are probably a name with a space in it
    const suggestion = suggestedCommand(words.slice(0, -2), words.slice(-2));
    return invalid({ code: 'too_many_words', ...(suggestion ? { suggestion } : {}) });
  }
  // `/risk 江苏 德洲 实业 张德洲 失信`: everything before the name is probably one keyword
  const suggestedKeyword = words.slice(0, -2).join(' ');
  const echo = codePointLength(suggestedKeyword) <= KEYWORD_MAX_CHARS ? suggestedKeyword : undefined;
  const suggestion = suggestedCommand(words.slice(0, -2), words.slice(-2, -1), last);
  return invalid(
    withEcho(
      { code: 'too_many_words', detailCode: QUOTE_KEYWORD_HINT, ...(suggestion ? { suggestion } : {}) },
      suggestedKeyword,
      echo,
    ),
  );
}

/** `"Acme Ltd"` for a value with a space in it, the value itself otherwise. */
function quotedIfSpaced(value: string): string {
  return /\s/u.test(value) ? `"${value}"` : value;
}

/**
 * The command rebuilt from a keyword's words, a name's words and a type word, quoting what has spaces —
 * when that reading is a valid command and nothing in it is shaped like a personal number (never echoed).
 */
function suggestedCommand(
  keywordWords: readonly string[],
  nameWords: readonly string[],
  typeWord?: string,
): string | undefined {
  const keyword = keywordWords.join(' ');
  const name = validatePersonName(nameWords.join(' '));
  if (keyword === '' || !name.ok || checkRiskKeyword(keyword) !== undefined) return undefined;
  if (![keyword, name.value].every(isSafeToEcho)) return undefined;
  const command = `/risk ${quotedIfSpaced(keyword)} ${quotedIfSpaced(name.value)}${typeWord ? ` ${typeWord}` : ''}`;
  return codePointLength(command) <= SUGGESTION_MAX_CHARS ? command : undefined;
}

function parseScopeWord(word: string): RiskScope | undefined {
  // full-width ２ or ＡＬＬ from a Chinese input method
  return parseRiskScope(foldFullWidthAlnum(word));
}

/** Adds `word: echo` when there is an echo and the original word is safe to show back to the user. */
function withEcho(
  problem: RiskCommandProblem,
  original: string,
  echo: string | undefined,
): RiskCommandProblem {
  return echo !== undefined && isSafeToEcho(original) ? { ...problem, word: echo } : problem;
}

function truncateForEcho(word: string): string {
  const codePoints = [...word];
  return codePoints.length <= ECHO_MAX_CHARS ? word : `${codePoints.slice(0, ECHO_MAX_CHARS - 1).join('')}…`;
}

function codePointLength(word: string): number {
  return [...word].length;
}

function invalid(problem: RiskCommandProblem): RiskCommand {
  return { kind: 'invalid', problem };
}
