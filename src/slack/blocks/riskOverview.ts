import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { RiskType } from '../../domain/riskType.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { JuheErrorCategory } from '../../juhe/errorTypes.js';
import type { RiskPage } from '../../juhe/types.js';
import { ACTION_IDS } from '../ids.js';
import { asJuheData, type JuheDataMessage } from '../message.js';
import { juheErrorText } from './errors.js';
import { footerContext, type ResultFooter } from './footer.js';
import { exportButton } from './riskExportMessages.js';
import { fallbackSubject, pageButton, type RiskSubject, subjectSection } from './riskSubject.js';
import {
  compactRecordLine,
  newestFirst,
  recordCountText,
  riskTypeName,
  riskTypeShort,
  sourceCountText,
} from './riskText.js';
import { clampMrkdwn, escapeMrkdwn, mrkdwn, plain, SLACK_LIMITS } from './text.js';
import { watchActions } from './watchText.js';

export type OverviewEntry =
  | { type: RiskType; page: RiskPage }
  | { type: RiskType; error: { category: JuheErrorCategory; code: string } };

const PREVIEW_COUNT_DEFAULT = 3;
const PREVIEW_COUNT_MAX = 10;

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
  const preview = newestFirst(page.records).records.slice(0, previewCount);
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
}): JuheDataMessage {
  const { locale, subject, footer } = input;
  const entries = firstPerType(input.entries);
  const previewCount = Math.min(
    PREVIEW_COUNT_MAX,
    Math.max(0, Math.floor(input.previewCount ?? PREVIEW_COUNT_DEFAULT) || 0),
  );
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(t(locale, 'overview.header'), SLACK_LIMITS.headerText) },
    subjectSection(locale, subject),
    { type: 'divider' },
  ];
  for (const entry of entries) {
    const section: SectionBlock = {
      type: 'section',
      text: mrkdwn(clampMrkdwn(overviewEntryText(locale, entry, previewCount), SLACK_LIMITS.sectionText)),
    };
    if (hasRecords(entry)) section.accessory = showAllButton(locale, subject, entry.type, entry.page);
    blocks.push(section);
  }
  // Three empty sources must not read like a clearance, any more than one empty list does.
  if (entries.length > 0 && entries.every((entry) => entryCount(entry) === 0)) {
    blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'overview.noneFound'))] });
  }
  blocks.push({ type: 'divider' }, footerContext(locale, footer, overviewOrderIds(entries)));
  const counts = Object.fromEntries(
    entries.flatMap((entry) => ('page' in entry ? [[String(entry.type), entry.page.totalRecords]] : [])),
  );
  const target = { ...subject, scope: 'all' as const, counts };
  blocks.push(watchActions(locale, target, [exportButton(locale, target)]));

  const separator = t(locale, 'summary.separator');
  const countTexts = entries
    .map((entry) =>
      t(locale, 'summary.countEntry', {
        type: riskTypeShort(locale, entry.type),
        count: sourceCountText(locale, entryCount(entry)),
      }),
    )
    .join(separator);
  const text = t(locale, 'overview.fallback', { ...fallbackSubject(subject), counts: countTexts || '—' });
  return asJuheData({ text, blocks });
}
