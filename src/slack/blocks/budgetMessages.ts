import type { BudgetRefusal } from '../../budgets/budgetLedger.js';
import { type Locale, t } from '../../i18n/catalog.js';
import type { SlackMessage } from '../message.js';
import { formatCstTime } from './footer.js';
import { escapeMrkdwn, mrkdwn } from './text.js';

/**
 * Which budget refused, its limit, what is left, what was needed and when it resets (CST). Plain text:
 * a watch's failure notice uses it in place of a Juhe error's text. A request larger than the whole
 * budget never fits, whatever the reset: it says so, and how to get it through, instead of a reset time.
 */
export function budgetRefusalText(locale: Locale, refusal: BudgetRefusal, needed: number): string {
  const daily = refusal.budget === 'user_daily';
  if (needed > refusal.limit) {
    return t(locale, 'budget.tooLarge', {
      needed,
      whole: t(locale, daily ? 'budget.whole.user_daily' : 'budget.whole.team_monthly'),
      limit: refusal.limit,
      setting: daily ? 'BUDGET_USER_DAILY' : 'BUDGET_TEAM_MONTHLY',
    });
  }
  return t(locale, 'budget.refused', {
    needed,
    budget: t(locale, daily ? 'budget.name.user_daily' : 'budget.name.team_monthly'),
    left: refusal.left,
    limit: refusal.limit,
    resets: formatCstTime(refusal.resetsAt),
  });
}

/**
 * A request refused by a budget, in the error styling of a failed lookup. Not Juhe data, so it carries
 * no sandbox marker. `billed`: calls Juhe billed before the refusal (an export stopped part-way); by
 * default none, and the message says nothing was billed.
 */
export function budgetRefusalMessage(
  locale: Locale,
  refusal: BudgetRefusal,
  needed: number,
  options: { billed?: number } = {},
): SlackMessage {
  const title = t(locale, 'budget.title');
  const billed = options.billed ?? 0;
  const after = billed > 0 ? t(locale, 'budget.billedBefore', { billed }) : t(locale, 'budget.nothingBilled');
  const text = `${budgetRefusalText(locale, refusal, needed)} ${after}`;
  return {
    text: t(locale, 'budget.fallback', { title, text }),
    blocks: [{ type: 'section', text: mrkdwn(`:warning: *${escapeMrkdwn(title)}*\n${escapeMrkdwn(text)}`) }],
  };
}
