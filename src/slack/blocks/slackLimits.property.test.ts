import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScore } from '../../domain/rating.js';
import type { RiskType } from '../../domain/riskType.js';
import type { Locale } from '../../i18n/catalog.js';
import { JUHE_ERROR_CATEGORIES } from '../../juhe/errorTypes.js';
import type { FinanceRating, RiskPage, RiskRecord } from '../../juhe/types.js';
import {
  checkMessage as messageLimitViolations,
  checkView as modalLimitViolations,
} from '../../local/fake-slack/blockLimits.js';
import type { RiskCommandProblemCode } from '../commands/riskCommand.types.js';
import type { SlackMessage } from '../message.js';
import { createPresenter } from '../presenter.js';
import {
  juheErrorMessage,
  notInChannelMessage,
  refusalMessage,
  staleButtonMessage,
  unexpectedErrorMessage,
} from './errors.js';
import { financeQueryModal } from './financeForm.js';
import { financeErrorModal, financeResultMessage, financeResultModal } from './financeResult.js';
import { financeLoadingModal } from './modalNotices.js';
import { riskHelpMessage } from './riskHelp.js';
import { riskQueryModal } from './riskModal.js';
import { type OverviewEntry, riskOverviewMessage } from './riskOverview.js';
import { riskPageMessage } from './riskPage.js';
import { riskParentMessage } from './riskParent.js';
import { riskUsageMessage } from './riskUsage.js';
import { riskWorkingMessage } from './riskWorking.js';

const locale = fc.constantFrom<Locale>('en', 'zh-CN');
const riskType = fc.constantFrom<RiskType>(1, 2, 3);
const category = fc.constantFrom(...JUHE_ERROR_CATEGORIES);

const SPECIAL_CHARS = fc.constantFrom('&', '<', '>', '*', '`', '{', '}', '张', '\u{20000}', ' ', '\n');

/**
 * Random Unicode, plus strings dense in the characters that need escaping or could break markup. Half of
 * them are long (80–100% of maxLength): fast-check's default sizes would otherwise keep them short.
 */
function text(maxLength: number): fc.Arbitrary<string> {
  const minLength = Math.floor(maxLength * 0.8);
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: SPECIAL_CHARS, maxLength }),
    fc.string({ unit: 'grapheme', minLength, maxLength, size: 'max' }),
    fc.string({ unit: 'binary', minLength, maxLength, size: 'max' }),
    fc.string({ unit: SPECIAL_CHARS, minLength, maxLength, size: 'max' }),
  );
}

const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });

const record: fc.Arbitrary<RiskRecord> = fc.record({
  caseNo: text(300),
  publishedDate: fc.option(date, { nil: null }),
  court: text(220),
  id: text(40),
  personName: text(100),
  relations: fc.array(fc.record({ type: text(5), description: text(100), fulfilment: text(150) }), {
    maxLength: 6,
  }),
});

const page: fc.Arbitrary<RiskPage> = fc
  .record({
    type: riskType,
    totalPages: fc.integer({ min: 0, max: 1000 }),
    pageSize: fc.integer({ min: 1, max: 50 }),
    totalRecords: fc.integer({ min: 0, max: 100_000 }),
    records: fc.oneof(
      fc.array(record, { maxLength: 10 }),
      fc.array(record, { minLength: 40, maxLength: 200, size: 'max' }),
    ),
    orderId: fc.option(text(120), { nil: null }),
    billed: fc.boolean(),
    noRecords: fc.boolean(),
    pageOffset: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ pageOffset, ...rest }) => ({ ...rest, pageIndex: 1 + (pageOffset % (rest.totalPages + 1)) }));

/** What the command parser and the modal let through: ≤ 200 and ≤ 60 code points. */
const subject = fc.record({
  keyword: text(200).map((value) => [...value].slice(0, 200).join('')),
  realname: text(60).map((value) => [...value].slice(0, 60).join('')),
});

const userId = fc.stringMatching(/^U[A-Z0-9]{8,11}$/);

const footer = fc.record(
  { requesterId: userId, fetchedAt: date, fromCache: fc.boolean() },
  { requiredKeys: ['requesterId', 'fetchedAt'] },
);

/** Presented as Slack receives it: with the sandbox marker or without. */
const presenter = fc.tuple(locale, fc.boolean()).map(([loc, sandbox]) => createPresenter(loc, sandbox));

const overviewEntry: fc.Arbitrary<OverviewEntry> = fc.oneof(
  fc.record({ type: riskType, page }),
  fc.record({ type: riskType, error: fc.record({ category, code: text(30) }) }),
);

const rawScore = fc.oneof(fc.integer({ min: -5, max: 120 }).map(String), text(60), fc.constant(null));
const rating: fc.Arbitrary<FinanceRating> = fc.record({
  orderId: fc.option(text(100), { nil: null }),
  range: rawScore.map((raw) => decodeScore('range', raw)),
  history: rawScore.map((raw) => decodeScore('history', raw)),
  stability: rawScore.map((raw) => decodeScore('stability', raw)),
  billed: fc.boolean(),
});

const problemCode = fc.constantFrom<RiskCommandProblemCode>(
  'unclosed_quote',
  'missing_realname',
  'too_many_words',
  'unknown_type',
  'keyword_too_long',
  'keyword_is_personal_id',
  'realname_invalid',
);

function mrkdwnTexts(blocks: readonly KnownBlock[]): string[] {
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
      Object.values(object).forEach(visit);
    }
  };
  visit(blocks);
  return texts;
}

/** Data never reaches mrkdwn raw: every `<` opens a mention or channel link, every `&` an entity. */
function expectEscaped(message: SlackMessage): void {
  for (const value of [message.text, ...mrkdwnTexts(message.blocks)]) {
    expect(value).not.toMatch(/<(?![@#])/);
    expect(value).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

function expectValidMessage(message: SlackMessage): void {
  expect(messageLimitViolations(message)).toEqual([]);
  expectEscaped(message);
}

describe('every formatter stays inside Slack limits', () => {
  it('riskPageMessage', () => {
    fc.assert(
      fc.property(locale, subject, page, footer, presenter, (loc, subj, pg, foot, present) => {
        const message = riskPageMessage({ locale: loc, subject: subj, page: pg, footer: foot });
        expectValidMessage(present.message(message));
      }),
      { numRuns: 80 },
    );
  });

  it('riskOverviewMessage', () => {
    fc.assert(
      fc.property(
        locale,
        subject,
        fc.array(overviewEntry, { maxLength: 5 }),
        footer,
        fc.option(fc.integer({ min: -3, max: 60 }), { nil: undefined }),
        presenter,
        (loc, subj, entries, foot, previewCount, present) => {
          const message = riskOverviewMessage({
            locale: loc,
            subject: subj,
            entries,
            footer: foot,
            ...(previewCount === undefined ? {} : { previewCount }),
          });
          expectValidMessage(present.message(message));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('riskParentMessage, riskWorkingMessage, help and usage', () => {
    fc.assert(
      fc.property(
        locale,
        userId,
        subject,
        fc.oneof(riskType, fc.constant('all' as const)),
        fc.array(fc.record({ type: riskType, count: fc.option(fc.nat(), { nil: null }) }), { maxLength: 3 }),
        presenter,
        fc.record({
          code: problemCode,
          word: fc.option(text(300), { nil: undefined }),
          detailCode: text(20),
        }),
        (loc, requesterId, subj, scope, counts, present, problem) => {
          const parent = present.message(
            riskParentMessage({ locale: loc, requesterId, subject: subj, scope, counts }),
          );
          expectValidMessage(parent);
          const masked = JSON.stringify(parent);
          // The same message for another name: whatever it contains (catalog text, the keyword) is not a leak.
          const withoutName = JSON.stringify(
            riskParentMessage({
              locale: loc,
              requesterId,
              subject: { ...subj, realname: '〇' },
              scope,
              counts,
            }),
          );
          if (
            [...subj.realname].length >= 3 &&
            /^\p{L}+$/u.test(subj.realname) &&
            !withoutName.includes(subj.realname)
          ) {
            expect(masked).not.toContain(subj.realname);
          }
          expectValidMessage(riskWorkingMessage(loc, subj, scope));
          expectValidMessage(riskHelpMessage(loc));
          const { word, ...rest } = problem;
          expectValidMessage(riskUsageMessage(loc, word === undefined ? rest : { ...rest, word }));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('error messages', () => {
    fc.assert(
      fc.property(
        locale,
        fc.constantFrom('risk' as const, 'finance' as const),
        category,
        text(60),
        fc.option(text(60), { nil: undefined }),
        (loc, api, cat, code, referenceId) => {
          expectValidMessage(juheErrorMessage({ locale: loc, api, category: cat, code }));
          expectValidMessage(unexpectedErrorMessage(loc, referenceId ?? 'R'));
          expectValidMessage(refusalMessage(loc, api));
          expectValidMessage(notInChannelMessage(loc, code || 'C1'));
          expectValidMessage(staleButtonMessage(loc));
          expect(modalLimitViolations(financeErrorModal({ locale: loc, category: cat, code }))).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('modals and finance results', () => {
    fc.assert(
      fc.property(
        locale,
        fc.record(
          { keyword: text(400), realname: text(100), scope: fc.oneof(riskType, fc.constant('all' as const)) },
          { requiredKeys: [] },
        ),
        fc.string({ maxLength: 3000 }),
        rating,
        fc.record({ maskedName: text(80), maskedIdcard: text(30), maskedMobile: text(20) }),
        userId,
        date,
        presenter,
        (loc, initial, privateMetadata, rate, identity, requesterId, fetchedAt, present) => {
          expect(modalLimitViolations(riskQueryModal({ locale: loc, initial, privateMetadata }))).toEqual([]);
          expect(modalLimitViolations(financeQueryModal({ locale: loc, privateMetadata }))).toEqual([]);
          expect(modalLimitViolations(financeLoadingModal(loc))).toEqual([]);
          const result = { locale: loc, rating: rate, identity, requesterId, fetchedAt };
          expect(modalLimitViolations(present.view(financeResultModal(result)))).toEqual([]);
          expectValidMessage(present.message(financeResultMessage(result)));
        },
      ),
      { numRuns: 100 },
    );
  });
});
