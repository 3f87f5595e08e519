import { randomUUID } from 'node:crypto';
import { maskIdCard, maskMobile, maskName } from '../domain/masking.js';
import type { JuheError } from '../juhe/errorTypes.js';
import type { JuheApi } from '../juhe/types.js';
import type { Logger } from '../logging/logger.js';
import type { AuditSubject, AuditTrail } from './auditTrail.js';

export type { AuditSubject } from './auditTrail.js';

/**
 * Where a query was asked: a Slack surface, the command line (`npm run audit:export`), the watch
 * schedule (a re-check nobody clicked: the requester is the watch's owner), or a batch (one row of an
 * uploaded file: the requester is the batch's owner, the purpose the batch's).
 */
export type QuerySurface = 'command' | 'modal' | 'button' | 'shortcut' | 'cli' | 'schedule' | 'batch';

/**
 * What a query asked: one of Juhe's APIs, or the audit trail itself (`/risk audit`, `npm run
 * audit:export`), which is processing of the same personal data and is audited like a lookup; `export`
 * is every page of a risk result written to files (several Juhe calls, one event).
 */
export type AuditedApi = JuheApi | 'audit_export' | 'watch' | 'export' | 'batch';

/**
 * One record per query, allowed, refused or unreadable (docs/design.md § The compliance record: who asked
 * what, why, and what it cost). Every field is present on every surface; what does not apply is null.
 */
export interface AuditEvent {
  requester: string;
  channel: string | null;
  surface: QuerySurface;
  api: AuditedApi;
  /** 1 / 2 / 3 / 'all' for risk; null for finance and for refusals */
  type: string | null;
  /** in clear here; sealed in the database, masked on the log line, null for a refusal */
  subject: AuditSubject | null;
  purpose: string | null;
  /** finance: the requester attested the person's consent; null where the API asks none */
  consent: boolean | null;
  /**
   * Juhe error_code ('0' on success), a transport code (TIMEOUT, NETWORK, …), 'refused', 'invalid_input',
   * 'not_in_channel', 'unexpected', 'interrupted'; for an audit export 'exported' or 'no_rows'; for a
   * risk export 'exported', or 'needs_confirmation' (it stopped before billing more than was confirmed)
   */
  outcome: string;
  billed: boolean;
  /** an export: how many of its Juhe calls Juhe billed (cached pages are not); absent elsewhere */
  billedCalls?: number;
  orderIds: string[];
  /** records Juhe reported per source ('1' 失信, '2' 被执行, '3' 限制消费); an export's `rows`; {} when none were asked */
  recordCounts: Record<string, number>;
  latencyMs: number;
  cacheHit: boolean;
  /**
   * finance: the raw value of each score the app could not decode, by scale (range / history /
   * stability), with any 身份证 or mobile in it masked; what the admin checks the Juhe product against
   */
  unrecognisedScores?: Record<string, string>;
}

/** What is known when a query starts: written before Juhe is called. */
export type StartedQuery = Pick<
  AuditEvent,
  'requester' | 'channel' | 'surface' | 'api' | 'type' | 'subject' | 'purpose' | 'consent'
>;
/** How it ended: written after. */
export type FinishedQuery = Pick<
  AuditEvent,
  'outcome' | 'billed' | 'orderIds' | 'recordCounts' | 'latencyMs' | 'cacheHit'
> &
  Partial<Pick<AuditEvent, 'billedCalls'>>;

/**
 * The compliance record of queries. `start` resolves only once the row is durable: a query whose
 * start cannot be recorded must not reach Juhe (ComplianceRecordUnavailableError).
 */
export interface AuditLog {
  start(query: StartedQuery): Promise<string>;
  finish(queryId: string, finished: FinishedQuery): Promise<void>;
}

/** The record could not be written: nothing may be looked up (and billed) without it. */
export class ComplianceRecordUnavailableError extends Error {
  constructor(options?: ErrorOptions) {
    super('the compliance record cannot be written', options);
    this.name = 'ComplianceRecordUnavailableError';
  }
}

/** The subject as the log line shows it: never in clear. */
export function maskedSubject(subject: AuditSubject | null): string {
  if (subject === null) return '-';
  const parts = [
    subject.keyword,
    subject.realname === undefined ? undefined : maskName(subject.realname),
    subject.idcard === undefined ? undefined : maskIdCard(subject.idcard),
    subject.mobile === undefined ? undefined : maskMobile(subject.mobile),
    subject.input === undefined ? undefined : '(unreadable input)',
  ].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(' / ') : '-';
}

/**
 * Each query goes to the durable trail (sealed) and to the log (masked) for operations. The log line
 * keeps the shape it always had, one line per finished query.
 */
export function createAuditLog(logger: Logger, trail: AuditTrail): AuditLog {
  const auditLogger = logger.child({ component: 'audit' });
  const started = new Map<string, StartedQuery>();
  return {
    async start(query) {
      const queryId = randomUUID();
      const { subject, ...facts } = query;
      try {
        await trail.start(queryId, facts, subject);
      } catch (error) {
        auditLogger.error({ err: error }, 'could not record the start of a query: refusing it');
        throw new ComplianceRecordUnavailableError({ cause: error });
      }
      started.set(queryId, query);
      return queryId;
    },
    async finish(queryId, finished) {
      const query = started.get(queryId);
      started.delete(queryId);
      auditLogger.info(
        {
          audit: {
            ...query,
            // what was typed in an input the app refused may be anything: never on the log line
            subject:
              finished.outcome === INVALID_INPUT_OUTCOME.outcome
                ? '(unreadable input)'
                : maskedSubject(query?.subject ?? null),
            // free text that may name the person: sealed in the trail, not on the log
            purpose: query?.purpose ? '(sealed)' : null,
            ...finished,
            queryId,
          },
        },
        'query audited',
      );
      try {
        await trail.finish(queryId, finished);
      } catch (error) {
        // The start row stands ("started, no outcome"); the outcome is on the log line above.
        auditLogger.error({ err: error, queryId }, 'could not record the outcome of a query');
      }
    },
  };
}

/** What is being asked, known once the input has been read. */
export type AuditedQuery = Pick<AuditEvent, 'api' | 'type' | 'subject' | 'purpose' | 'consent'>;
/** How it ended. */
export type AuditedOutcome = Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds' | 'cacheHit'> &
  Partial<Pick<AuditEvent, 'recordCounts' | 'unrecognisedScores' | 'billedCalls'>>;

function unbilled(outcome: string): AuditedOutcome {
  return { outcome, billed: false, orderIds: [], cacheHit: false };
}

export const REFUSED_OUTCOME = unbilled('refused');
export const INVALID_INPUT_OUTCOME = unbilled('invalid_input');
export const NOT_IN_CHANNEL_OUTCOME = unbilled('not_in_channel');
export const UNEXPECTED_OUTCOME = unbilled('unexpected');
/** A budget refused the request before Juhe was asked (docs/design.md § Budgets). */
export const BUDGET_EXCEEDED_OUTCOME = unbilled('budget_exceeded');

/** A call Juhe (or the way to it) answered with an error: its code, and whether Juhe billed it. */
export function juheErrorOutcome(error: Pick<JuheError, 'code' | 'billed'>): AuditedOutcome {
  return { outcome: error.code, billed: error.billed, orderIds: [], cacheHit: false };
}

/**
 * The audit of one Slack request: the middleware starts it with who/where, the flow says what is asked
 * (`describe`, durable before Juhe is called) and how it ended (`complete`). One request records at
 * most one query; a request that described a query and then failed in a way nobody foresaw is
 * completed as 'unexpected' by the middleware, so no query goes unrecorded.
 */
export interface QueryAudit {
  /** rejects with ComplianceRecordUnavailableError when the record cannot be written */
  describe(query: AuditedQuery): Promise<void>;
  complete(outcome: AuditedOutcome): Promise<void>;
  /** a refusal before any input was read: the subject is not known, and not needed */
  refuse(api: AuditedApi): Promise<void>;
  /**
   * An input the app could not use: what was typed is kept, sealed (and blind-indexed where it names a
   * 身份证, mobile or name). Nothing was looked up, so a record that cannot be written is only logged.
   */
  invalid(api: JuheApi, typed: AuditSubject): Promise<void>;
  readonly state: 'idle' | 'described' | 'completed';
  /** the query's id in the trail, once described */
  readonly queryId: string | undefined;
}

export function startQueryAudit(
  log: AuditLog,
  who: Pick<AuditEvent, 'requester' | 'channel' | 'surface'>,
  clock: () => number = Date.now,
): QueryAudit {
  const startedAt = clock();
  let queryId: string | undefined;
  let state: QueryAudit['state'] = 'idle';
  const audit: QueryAudit = {
    get state() {
      return state;
    },
    get queryId() {
      return queryId;
    },
    async describe(described) {
      if (state !== 'idle') return;
      queryId = await log.start({ ...who, ...described });
      state = 'described';
    },
    async complete(outcome) {
      if (state !== 'described' || queryId === undefined) return;
      state = 'completed';
      await log.finish(queryId, {
        recordCounts: {},
        ...outcome,
        latencyMs: clock() - startedAt,
      });
    },
    async refuse(api) {
      await audit.describe({ api, type: null, subject: null, purpose: null, consent: null });
      await audit.complete(REFUSED_OUTCOME);
    },
    async invalid(api, typed) {
      try {
        await audit.describe({ api, type: null, subject: typed, purpose: null, consent: null });
      } catch (error) {
        if (error instanceof ComplianceRecordUnavailableError) return;
        throw error;
      }
      await audit.complete(INVALID_INPUT_OUTCOME);
    },
  };
  return audit;
}
