import { formatJuheDate, parseJuheDate } from '../src/domain/juheDate.js';
import { financeResultModal } from '../src/slack/blocks/financeResult.js';
import { riskOverviewMessage } from '../src/slack/blocks/riskOverview.js';
import { riskPageMessage } from '../src/slack/blocks/riskPage.js';
import { formatJuheDateWithDateFns, parseJuheDateWithDateFns } from '../test/support/dateFnsJuheDate.js';
import { FINANCE_RATING, OVERVIEW_ENTRIES, riskPage, SUBJECT } from './formatterFixtures.js';
import { benchSync } from './measure.js';
import type { BenchSection } from './table.js';

const FETCHED_AT = new Date('2025-06-06T06:45:00Z');
const FOOTER = { requesterId: 'U0ANALYST1', fetchedAt: FETCHED_AT };
const JUHE_DATES = [
  '2018-05-21',
  '2019/7/3',
  '20200115',
  '2021年3月9日',
  '2016-11-02 00:00:00',
  '0001-01-01',
];

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
    // Juhe's date forms in the mix a page has; the baseline is the date-fns version it replaced (issue 12)
    benchSync({ name: 'parse + format 6 Juhe dates', ...sizes }, () =>
      JUHE_DATES.map((raw) => {
        const date = parseJuheDate(raw);
        return date === null ? '' : formatJuheDate(date);
      }),
    ),
    benchSync({ name: 'the same with date-fns parse (5 patterns) + format (baseline)', ...sizes }, () =>
      JUHE_DATES.map((raw) => {
        const date = parseJuheDateWithDateFns(raw);
        return date === null ? '' : formatJuheDateWithDateFns(date);
      }),
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
