import { INVALID_INPUT_OUTCOME } from '../../audit/auditLog.js';
import type { AuditedQueryRow } from '../../audit/auditTrail.js';
import { budgetPeriodAt } from '../../domain/budgetPeriod.js';
import { maskIdCard, maskName } from '../../domain/masking.js';
import { parseRiskScope, type RiskScope } from '../../domain/riskType.js';
import { maskPersonalDataInText } from '../../domain/textMasking.js';
import type { ChangesNoticeBody } from '../../watches/watchMonitor.js';
import { checksPerMonth } from '../../watches/watchSchedule.js';
import type { AppServices } from '../appServices.js';
import { HOME_QUERIES_MAX, type HomeAlert, type HomeQuery, homeView } from '../blocks/homeView.js';
import { escapeTruncated } from '../blocks/text.js';
import type { Outbox } from '../delivery/outbox.js';
import { decodeRetryQuery, encodeRetryQuery, type RetryQuery } from '../retryQuery.js';
import { watchSummaries } from './watchFlow.js';

/** Recent queries are read from this far back. */
const RECENT_DAYS = 30;

function subjectText(row: AuditedQueryRow): string {
  const subject = row.subject;
  if (subject === null) return '–';
  const parts = [
    subject.realname ? maskName(subject.realname) : undefined,
    subject.keyword ? escapeTruncated(maskPersonalDataInText(subject.keyword), 60) : undefined,
    subject.idcard ? maskIdCard(subject.idcard) : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(' · ') : '–';
}

/** A risk query whose subject still passes the command's rules can be asked again from the Home tab. */
function reopenOf(row: AuditedQueryRow, scope: RiskScope | null): RetryQuery | undefined {
  const subject = row.subject;
  if (row.started.api !== 'risk' || !subject?.keyword || !subject.realname || scope === null)
    return undefined;
  const query: RetryQuery =
    scope === 'all'
      ? { scope: 'all', keyword: subject.keyword, realname: subject.realname }
      : {
          scope: 'page',
          cursor: {
            keyword: subject.keyword,
            realname: subject.realname,
            type: scope,
            pageIndex: 1,
            pageSize: 10,
          },
        };
  try {
    // the round trip runs the same checks as a click: a subject a command would refuse gets no button
    return decodeRetryQuery(encodeRetryQuery(query)) === undefined ? undefined : query;
  } catch {
    return undefined;
  }
}

export function homeQueryOf(row: AuditedQueryRow): HomeQuery {
  const type = typeof row.started.type === 'string' ? row.started.type : null;
  const scope = type === null ? null : (parseRiskScope(type) ?? null);
  const reopen = reopenOf(row, scope);
  return {
    at: row.startedAt,
    api: String(row.started.api ?? ''),
    scope,
    // what was typed into an input the app refused may be anything, a 身份证 too: never shown back
    ...(row.finished?.outcome === INVALID_INPUT_OUTCOME.outcome
      ? { subject: '', unreadableInput: true }
      : { subject: subjectText(row) }),
    outcome: row.finished === null ? 'unfinished' : String(row.finished.outcome ?? ''),
    ...(reopen ? { reopen } : {}),
  };
}

/**
 * Publishes the person's App Home: read from the audit trail (their newest queries), their watches and
 * their unacknowledged alerts, what they used of the Juhe budgets, with the audit export and the
 * workspace's usage per person for auditors. Called when they open the tab and
 * after anything on it changed (a watch added or stopped, an alert delivered or acknowledged).
 */
export async function publishHome(services: AppServices, outbox: Outbox, userId: string): Promise<void> {
  const now = services.now();
  const auditor = services.auditorUserIds.has(userId);
  const [rows, watches, notices, usage, team] = await Promise.all([
    services.record.trail.queries({
      requester: userId,
      from: new Date(now.getTime() - RECENT_DAYS * 86_400_000),
      latest: HOME_QUERIES_MAX,
      askedByPerson: true,
    }),
    services.watches.store.listByOwner(userId),
    services.watches.store.unacknowledged(userId),
    services.budgets.usageOf(userId),
    auditor ? services.budgets.teamUsageByUser(budgetPeriodAt(now).month) : undefined,
  ]);
  const alerts: HomeAlert[] = notices.map((notice) => {
    const body = notice.body as ChangesNoticeBody;
    return {
      noticeId: notice.id,
      at: notice.createdAt,
      subject: { keyword: body.keyword, realname: body.realname, types: body.types },
      changes: body.changes,
    };
  });
  await outbox.publishHome(
    userId,
    homeView({
      locale: services.locale,
      queries: rows.reverse().map(homeQueryOf),
      watches: watchSummaries(services, watches),
      alerts,
      auditor,
      schedule: services.watches.config.schedule,
      checksPerMonth: checksPerMonth(services.watches.config.schedule, now),
      usage: { usage, ...(team ? { team } : {}) },
    }),
  );
}
