import { financeResultModal } from '../src/slack/blocks/financeResult.js';
import { riskOverviewMessage } from '../src/slack/blocks/riskOverview.js';
import { riskPageMessage } from '../src/slack/blocks/riskPage.js';
import { FINANCE_RATING, OVERVIEW_ENTRIES, riskPage, SUBJECT } from './formatterFixtures.js';
import { benchSync } from './measure.js';
import type { BenchSection } from './table.js';

const FETCHED_AT = new Date('2025-06-06T06:45:00Z');
const FOOTER = { requesterId: 'U0ANALYST1', fetchedAt: FETCHED_AT };

export function benchFormatters(iterations = 20_000): BenchSection {
  const page10 = riskPage(1, 10, 31);
  const page50 = riskPage(1, 50, 120);
  const sizes = { warmup: 2000, iterations };
  const rows = [
    benchSync({ name: 'riskPageMessage, 10 records', ...sizes }, () =>
      riskPageMessage({ locale: 'en', subject: SUBJECT, page: page10, footer: FOOTER }),
    ),
    benchSync({ name: 'riskPageMessage, 50 records', ...sizes, iterations: Math.floor(iterations / 4) }, () =>
      riskPageMessage({ locale: 'en', subject: SUBJECT, page: page50, footer: FOOTER }),
    ),
    benchSync({ name: 'riskPageMessage, 10 records, zh-CN', ...sizes }, () =>
      riskPageMessage({ locale: 'zh-CN', subject: SUBJECT, page: page10, footer: FOOTER }),
    ),
    benchSync({ name: 'riskOverviewMessage, 3 sources', ...sizes }, () =>
      riskOverviewMessage({ locale: 'en', subject: SUBJECT, entries: OVERVIEW_ENTRIES, footer: FOOTER }),
    ),
    benchSync({ name: 'financeResultModal', ...sizes }, () =>
      financeResultModal({
        locale: 'en',
        rating: FINANCE_RATING,
        identity: { maskedName: '张*', maskedIdcard: '110105********002X', maskedMobile: '138****5678' },
        requesterId: 'U0ANALYST1',
        fetchedAt: FETCHED_AT,
      }),
    ),
  ];
  return {
    title: 'Block Kit formatters (pure functions)',
    rows,
    footnote: 'Each call timed on its own after 2,000 warm-up calls; the output is built but not serialised.',
  };
}
