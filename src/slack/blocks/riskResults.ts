import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { maskName } from '../../domain/masking.js';
import type { RiskScope, RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { RiskPage } from '../../juhe/types.js';
import type { RiskCommandProblem, RiskCommandProblemCode } from '../commands/riskCommand.types.js';
import { ACTION_IDS, PAGINATION_BLOCK_ID } from '../ids.js';
import type { SlackMessage } from '../message.js';
import { encodePageCursor } from '../pageCursor.js';
import { juheErrorText } from './errors.js';
import { footerContext, type ResultFooter, sandboxContext, userId } from './footer.js';
import {
  compactRecordLine,
  packRecordTexts,
  recordCountText,
  recordText,
  riskScopeName,
  riskTypeName,
  riskTypeShort,
  sourceCountText,
} from './riskText.js';
import { clampMrkdwn, escapeMrkdwn, escapeTruncated, mrkdwn, plain, SLACK_LIMITS, truncate } from './text.js';
import { validationText } from './validationText.js';

export type { ResultFooter } from './footer.js';

export interface RiskSubject {
  /** company name, registration no., 统一社会信用代码 or KeyNo */
  keyword: string;
  realname: string;
}

export type OverviewEntry =
  | { type: RiskType; page: RiskPage }
  | { type: RiskType; error: { category: JuheErrorCategory; code: string } };

const SUBJECT_NAME_MAX = 100;
const SUBJECT_KEYWORD_MAX = 300;
/** The `text` fallback shows a short form of the keyword ("江苏德洲实业…"), enough to recognise it. */
const FALLBACK_KEYWORD_MAX = 30;
const FALLBACK_NAME_MAX = 60;
/** Page cursors carry a pageSize the cursor schema accepts. */
const CURSOR_PAGE_SIZE_MAX = 50;
const PREVIEW_COUNT_DEFAULT = 3;
const PREVIEW_COUNT_MAX = 10;

function subjectSection(locale: Locale, subject: RiskSubject): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(
      t(locale, 'results.subject', {
        realname: escapeTruncated(subject.realname, SUBJECT_NAME_MAX),
        keyword: escapeTruncated(subject.keyword, SUBJECT_KEYWORD_MAX),
      }),
    ),
  };
}

function fallbackSubject(subject: RiskSubject): { realname: string; keyword: string } {
  return {
    realname: escapeTruncated(subject.realname, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
  };
}

function cursorPageSize(pageSize: number): number {
  return Math.min(CURSOR_PAGE_SIZE_MAX, Math.max(1, Math.floor(pageSize) || 1));
}

function pageButton(
  actionId: string,
  text: string,
  subject: RiskSubject,
  type: RiskType,
  pageIndex: number,
  pageSize: number,
): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, SLACK_LIMITS.buttonText),
    value: encodePageCursor({
      keyword: subject.keyword,
      realname: subject.realname,
      type,
      pageIndex,
      pageSize: cursorPageSize(pageSize),
    }),
  };
}

/** Prev / Next, each only when that page exists; undefined when there is no other page. */
function paginationBlock(locale: Locale, subject: RiskSubject, page: RiskPage): ActionsBlock | undefined {
  const buttons: Button[] = [];
  const lastPage = Math.max(1, page.totalPages);
  if (page.pageIndex > 1) {
    const previous = Math.min(page.pageIndex - 1, lastPage);
    buttons.push(
      pageButton(ACTION_IDS.prevPage, t(locale, 'button.prev'), subject, page.type, previous, page.pageSize),
    );
  }
  if (page.pageIndex < page.totalPages) {
    const next = Math.max(page.pageIndex + 1, 1);
    buttons.push(
      pageButton(ACTION_IDS.nextPage, t(locale, 'button.next'), subject, page.type, next, page.pageSize),
    );
  }
  return buttons.length === 0
    ? undefined
    : { type: 'actions', block_id: PAGINATION_BLOCK_ID, elements: buttons };
}

function noRecordsSection(locale: Locale, type: RiskType): SectionBlock {
  const hint = t(locale, 'results.noRecordsHint', { type: riskTypeShort(locale, type) });
  return { type: 'section', text: mrkdwn(`*${t(locale, 'count.noRecords')}*\n${hint}`) };
}

function isEmptySource(page: RiskPage): boolean {
  return page.noRecords || page.records.length === 0;
}

/**
 * One source's page of records. Each record is one section (no dividers between them) so a full page of
 * 50 fits Slack's 50 blocks: the blocks around the records are counted first, and records that do not get
 * a block of their own are joined into the last sections.
 */
export function riskPageMessage(input: {
  locale: Locale;
  subject: RiskSubject;
  page: RiskPage;
  footer: ResultFooter;
}): SlackMessage {
  const { locale, subject, page, footer } = input;
  const head: KnownBlock[] = [
    { type: 'header', text: plain(riskTypeName(locale, page.type), SLACK_LIMITS.headerText) },
  ];
  if (footer.sandbox) head.push(sandboxContext(locale));
  head.push(subjectSection(locale, subject));
  const empty = isEmptySource(page);
  const records = recordCountText(locale, page.totalRecords);
  // A stale button can ask for a page the source no longer has (its records changed since).
  const pastLastPage = !page.noRecords && page.records.length === 0 && page.pageIndex > page.totalPages;
  const pageGone = pastLastPage
    ? t(locale, 'results.pageGone', { page: page.pageIndex, pages: page.totalPages, records })
    : undefined;
  if (!page.noRecords && page.totalRecords > 0 && !pastLastPage) {
    const summary = t(locale, 'results.pageSummary', {
      page: page.pageIndex,
      pages: page.totalPages,
      records,
    });
    head.push({ type: 'context', elements: [mrkdwn(summary)] });
  }
  head.push({ type: 'divider' });

  const tail: KnownBlock[] = [{ type: 'divider' }, footerContext(locale, footer, page.orderId)];
  const pagination = paginationBlock(locale, subject, page);
  if (pagination) tail.push(pagination);

  const body: KnownBlock[] = [];
  if (pageGone !== undefined) {
    body.push({ type: 'section', text: mrkdwn(pageGone) });
  } else if (empty) {
    body.push(noRecordsSection(locale, page.type));
  } else {
    const slots = SLACK_LIMITS.messageBlocks - head.length - tail.length;
    const packed = packRecordTexts(
      page.records.map((record) => recordText(locale, record)),
      slots,
    );
    for (const text of packed.sections) {
      body.push({ type: 'section', text: mrkdwn(clampMrkdwn(text, SLACK_LIMITS.sectionText)) });
    }
    if (packed.hidden > 0) {
      body.push({
        type: 'context',
        elements: [mrkdwn(t(locale, 'results.notShown', { count: packed.hidden }))],
      });
    }
  }

  const fallbackNames = fallbackSubject(subject);
  const type = riskTypeShort(locale, page.type);
  const text =
    pageGone ??
    (page.noRecords || page.totalRecords === 0
      ? t(locale, 'results.fallbackNoRecords', { type, ...fallbackNames })
      : t(locale, 'results.fallback', {
          type,
          ...fallbackNames,
          page: page.pageIndex,
          pages: page.totalPages,
          records,
        }));
  return { text, blocks: [...head, ...body, ...tail] };
}

function overviewEntryText(locale: Locale, entry: OverviewEntry, previewCount: number): string {
  const headline = (count: string) =>
    t(locale, 'summary.countEntry', { type: `*${riskTypeName(locale, entry.type)}*`, count });
  if ('error' in entry) {
    return headline(
      `:warning: ${escapeMrkdwn(juheErrorText(locale, entry.error.category, entry.error.code))}`,
    );
  }
  const { page } = entry;
  if (page.noRecords || page.totalRecords === 0) return headline(t(locale, 'count.noRecords'));
  const lines = [headline(recordCountText(locale, page.totalRecords))];
  const preview = page.records.slice(0, previewCount);
  for (const record of preview) lines.push(compactRecordLine(locale, record));
  const more = Math.max(page.totalRecords, page.records.length) - preview.length;
  if (more > 0 && preview.length > 0) lines.push(t(locale, 'overview.moreRecords', { count: more }));
  return lines.join('\n');
}

/** The entry's type, not the page's, names the button: one button per entry type keeps action_ids unique. */
function showAllButton(locale: Locale, subject: RiskSubject, type: RiskType, page: RiskPage): Button {
  return pageButton(
    `${ACTION_IDS.showType}_${type}`,
    t(locale, 'button.showAll', { count: page.totalRecords }),
    subject,
    type,
    1,
    page.pageSize,
  );
}

function hasRecords(entry: OverviewEntry): entry is { type: RiskType; page: RiskPage } {
  return 'page' in entry && !entry.page.noRecords && entry.page.totalRecords > 0;
}

/** One entry per type, the first one wins: the button action_ids are per type and must stay unique. */
function firstPerType(entries: readonly OverviewEntry[]): OverviewEntry[] {
  const seen = new Set<RiskType>();
  return entries.filter((entry) => {
    if (seen.has(entry.type)) return false;
    seen.add(entry.type);
    return true;
  });
}

function entryCount(entry: OverviewEntry): number | null {
  if ('error' in entry) return entry.error.category === 'not_found' ? 0 : null;
  return entry.page.noRecords ? 0 : entry.page.totalRecords;
}

/** Footer order ids of the sources that answered; the first three are plenty to find the calls. */
function overviewOrderIds(entries: readonly OverviewEntry[]): string | null {
  const ids = entries.flatMap((entry) => ('page' in entry && entry.page.orderId ? [entry.page.orderId] : []));
  return ids.length === 0 ? null : ids.slice(0, 3).join(', ');
}

/** `/risk` without a type: each source's count and first records, with a button into its full list. */
export function riskOverviewMessage(input: {
  locale: Locale;
  subject: RiskSubject;
  entries: OverviewEntry[];
  footer: ResultFooter;
  previewCount?: number;
}): SlackMessage {
  const { locale, subject, footer } = input;
  const entries = firstPerType(input.entries);
  const previewCount = Math.min(
    PREVIEW_COUNT_MAX,
    Math.max(0, Math.floor(input.previewCount ?? PREVIEW_COUNT_DEFAULT) || 0),
  );
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'overview.header'), SLACK_LIMITS.headerText) },
  ];
  if (footer.sandbox) blocks.push(sandboxContext(locale));
  blocks.push(subjectSection(locale, subject), { type: 'divider' });
  for (const entry of entries) {
    const section: SectionBlock = {
      type: 'section',
      text: mrkdwn(clampMrkdwn(overviewEntryText(locale, entry, previewCount), SLACK_LIMITS.sectionText)),
    };
    if (hasRecords(entry)) section.accessory = showAllButton(locale, subject, entry.type, entry.page);
    blocks.push(section);
  }
  blocks.push({ type: 'divider' }, footerContext(locale, footer, overviewOrderIds(entries)));

  const separator = t(locale, 'summary.separator');
  const counts = entries
    .map((entry) =>
      t(locale, 'summary.countEntry', {
        type: riskTypeShort(locale, entry.type),
        count: sourceCountText(locale, entryCount(entry)),
      }),
    )
    .join(separator);
  const text = t(locale, 'overview.fallback', { ...fallbackSubject(subject), counts: counts || '—' });
  return { text, blocks };
}

const PARENT_KEYWORD_MAX = 200;

/**
 * The short visible message in a compliance channel; the details go in its thread. The person's name is
 * masked here (channel members see it in the channel list); plain_text fields keep the mask's `*` from
 * being read as mrkdwn bold.
 */
export function riskParentMessage(input: {
  locale: Locale;
  requesterId: string;
  subject: RiskSubject;
  scope: RiskScope;
  counts: Array<{ type: RiskType; count: number | null }>;
  sandbox: boolean;
}): SlackMessage {
  const { locale, subject, scope, sandbox } = input;
  const maskedName = maskName(subject.realname);
  const countFields = input.counts.slice(0, 6).map(({ type, count }) =>
    plain(
      t(locale, 'summary.countEntry', {
        type: riskTypeShort(locale, type),
        count: sourceCountText(locale, count),
      }),
      SLACK_LIMITS.fieldText,
    ),
  );
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(t(locale, 'parent.intro', { user: userId(input.requesterId) })) },
    {
      type: 'section',
      fields: [
        plain(
          t(locale, 'parent.person', { name: truncate(maskedName, SUBJECT_NAME_MAX) }),
          SLACK_LIMITS.fieldText,
        ),
        plain(
          t(locale, 'parent.keyword', { keyword: truncate(subject.keyword, PARENT_KEYWORD_MAX) }),
          SLACK_LIMITS.fieldText,
        ),
        plain(t(locale, 'parent.sources', { sources: riskScopeName(locale, scope) }), SLACK_LIMITS.fieldText),
        ...countFields,
      ],
    },
  ];
  if (sandbox) blocks.push(sandboxContext(locale));
  const counts = input.counts
    .map(({ type, count }) =>
      t(locale, 'summary.countEntry', {
        type: riskTypeShort(locale, type),
        count: sourceCountText(locale, count),
      }),
    )
    .join(t(locale, 'summary.separator'));
  const text = t(locale, 'parent.fallback', {
    user: userId(input.requesterId),
    name: escapeTruncated(maskedName, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
    counts: counts || riskScopeName(locale, scope),
  });
  return { text, blocks };
}

/**
 * Shown while Juhe answers. In a compliance channel this is posted visibly and then becomes the parent,
 * so the name is masked here too; plain text, so the mask's `*` stays literal.
 */
export function riskWorkingMessage(locale: Locale, subject: RiskSubject, scope: RiskScope): SlackMessage {
  const params = { sources: riskScopeName(locale, scope), name: maskName(subject.realname) };
  const shown = t(locale, 'working.text', {
    ...params,
    keyword: truncate(subject.keyword, SUBJECT_KEYWORD_MAX),
  });
  const text = t(locale, 'working.text', {
    sources: params.sources,
    name: escapeTruncated(params.name, FALLBACK_NAME_MAX),
    keyword: escapeTruncated(subject.keyword, FALLBACK_KEYWORD_MAX),
  });
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'plain_text', text: truncate(shown, SLACK_LIMITS.sectionText), emoji: true },
      },
    ],
  };
}

/**
 * `/risk help`. The usage line's `<keyword>` must be escaped even inside backticks: Slack reads `<…>` as a
 * link everywhere, so these texts (which hold no intended links) are escaped whole.
 */
export function riskHelpMessage(locale: Locale): SlackMessage {
  const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(escapeMrkdwn(text)) });
  return {
    text: escapeMrkdwn(t(locale, 'help.fallback')),
    blocks: [
      { type: 'header', text: plain(t(locale, 'help.header'), SLACK_LIMITS.headerText) },
      section(t(locale, 'help.usage')),
      section(t(locale, 'help.quoting')),
      section(t(locale, 'help.types')),
      section(t(locale, 'help.examples')),
      {
        type: 'context',
        elements: [
          mrkdwn(escapeMrkdwn(t(locale, 'help.form'))),
          mrkdwn(escapeMrkdwn(t(locale, 'help.finance'))),
        ],
      },
    ],
  };
}

/** What was wrong and how to fix it, per problem; `unknown_type` echoes the word when the parser kept it. */
const USAGE_KEYS = {
  unclosed_quote: ['usage.unclosed_quote', 'usage.unclosed_quote.fix'],
  missing_realname: ['usage.missing_realname', 'usage.missing_realname.fix'],
  too_many_words: ['usage.too_many_words', 'usage.too_many_words.fix'],
  unknown_type: ['usage.unknown_type.noWord', 'usage.unknown_type.fix'],
  keyword_too_long: ['usage.keyword_too_long', 'usage.keyword_too_long.fix'],
  keyword_is_personal_id: ['usage.keyword_is_personal_id', 'usage.keyword_is_personal_id.fix'],
  realname_invalid: ['usage.realname_invalid', 'usage.realname_invalid.fix'],
} as const satisfies Record<RiskCommandProblemCode, readonly [string, string]>;

const ECHOED_WORD_MAX = 60;

function usageProblemText(locale: Locale, problem: RiskCommandProblem): string {
  switch (problem.code) {
    case 'unknown_type':
      return problem.word
        ? t(locale, 'usage.unknown_type', { word: escapeTruncated(problem.word, ECHOED_WORD_MAX) })
        : t(locale, 'usage.unknown_type.noWord');
    case 'realname_invalid':
      return t(locale, 'usage.realname_invalid', {
        detail: validationText(locale, problem.detailCode ?? 'invalid'),
      });
    default:
      return t(locale, USAGE_KEYS[problem.code][0]);
  }
}

/** A /risk command that could not be read: what was wrong, how to fix it, and one example. */
export function riskUsageMessage(locale: Locale, problem: RiskCommandProblem): SlackMessage {
  const what = usageProblemText(locale, problem);
  const fix = t(locale, USAGE_KEYS[problem.code][1]);
  return {
    text: `${what} ${fix}`,
    blocks: [
      { type: 'section', text: mrkdwn(`:warning: ${what}\n${fix}\n${t(locale, 'usage.example')}`) },
      { type: 'context', elements: [mrkdwn(t(locale, 'usage.moreHelp'))] },
    ],
  };
}
