import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { RiskPage } from '../../juhe/types.js';
import { ACTION_IDS, PAGINATION_BLOCK_ID } from '../ids.js';
import { asJuheData, type JuheDataMessage, PRESENTER_RESERVED_BLOCKS } from '../message.js';
import { footerContext, type ResultFooter } from './footer.js';
import { exportButton } from './riskExportMessages.js';
import { fallbackSubject, pageButton, type RiskSubject, subjectSection } from './riskSubject.js';
import {
  newestFirst,
  packRecordTexts,
  recordCountText,
  recordText,
  riskTypeName,
  riskTypeShort,
} from './riskText.js';
import { clampMrkdwn, mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { watchActions } from './watchText.js';

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
 * 50 fits Slack's 50 blocks (less the presenter's reserve): the blocks around the records are counted
 * first, and records that do not get a block of their own are joined into the last sections.
 */
export function riskPageMessage(input: {
  locale: Locale;
  subject: RiskSubject;
  page: RiskPage;
  footer: ResultFooter;
}): JuheDataMessage {
  const { locale, subject, page, footer } = input;
  const head: KnownBlock[] = [
    { type: 'header', text: plain(riskTypeName(locale, page.type), SLACK_LIMITS.headerText) },
    subjectSection(locale, subject),
  ];
  const empty = isEmptySource(page);
  const records = recordCountText(locale, page.totalRecords);
  // A stale button can ask for a page the source no longer has (its records changed since).
  const pastLastPage = !page.noRecords && page.records.length === 0 && page.pageIndex > page.totalPages;
  const pageGone = pastLastPage
    ? t(locale, 'results.pageGone', { page: page.pageIndex, pages: page.totalPages, records })
    : undefined;
  if (!page.noRecords && page.totalRecords > 0 && !pastLastPage) {
    // "Page 1 of 1" says nothing: a single page shows only how many records there are.
    const summary =
      page.totalPages <= 1 && page.pageIndex === 1
        ? t(locale, 'results.singlePageSummary', { records })
        : t(locale, 'results.pageSummary', { page: page.pageIndex, pages: page.totalPages, records });
    head.push({ type: 'context', elements: [mrkdwn(summary)] });
  }
  head.push({ type: 'divider' });

  const tail: KnownBlock[] = [{ type: 'divider' }, footerContext(locale, footer, page.orderId)];
  const pagination = paginationBlock(locale, subject, page);
  if (pagination) tail.push(pagination);
  const target = { ...subject, scope: page.type, counts: { [String(page.type)]: page.totalRecords } };
  tail.push(watchActions(locale, target, [exportButton(locale, target)]));

  const body: KnownBlock[] = [];
  if (pageGone !== undefined) {
    body.push({ type: 'section', text: mrkdwn(pageGone) });
  } else if (empty) {
    body.push(noRecordsSection(locale, page.type));
  } else {
    const sorted = newestFirst(page.records);
    // said once, above the records, when the app changed Juhe's order
    if (sorted.reordered) {
      body.push({ type: 'context', elements: [mrkdwn(t(locale, 'results.sortedNewestFirst'))] });
    }
    const slots =
      SLACK_LIMITS.messageBlocks - PRESENTER_RESERVED_BLOCKS - head.length - tail.length - body.length;
    const packed = packRecordTexts(
      sorted.records.map((record) => recordText(locale, record)),
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
  return asJuheData({ text, blocks: [...head, ...body, ...tail] });
}
