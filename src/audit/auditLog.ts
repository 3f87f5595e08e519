import type { JuheError } from '../juhe/errorTypes.js';
import type { JuheApi } from '../juhe/types.js';
import type { Logger } from '../logging/logger.js';

/** Where in Slack a query was asked: the same event shape for all of them. */
export type QuerySurface = 'command' | 'modal' | 'button' | 'shortcut';

/**
 * One record per query, allowed or refused (docs/design.md § Privacy: who asked what, why, and what it
 * cost). Every field is present on every surface; what does not apply is null.
 */
export interface AuditEvent {
  requester: string;
  channel: string | null;
  surface: QuerySurface;
  api: JuheApi;
  /** 1 / 2 / 3 / 'all' for risk; null for finance and for refusals */
  type: string | null;
  /** masked name, and for risk the keyword (a company, not personal data); for finance the masked 身份证 */
  subject: string;
  purpose: string | null;
  /** finance: the requester attested the person's consent; null where the API asks none */
  consent: boolean | null;
  /** Juhe error_code ('0' on success), a transport code (TIMEOUT, NETWORK, …), 'refused', 'not_in_channel', 'unexpected' */
  outcome: string;
  billed: boolean;
  orderIds: string[];
  latencyMs: number;
  cacheHit: boolean;
}

export interface AuditLog {
  record(event: AuditEvent): void;
}

export function createAuditLog(logger: Logger): AuditLog {
  const auditLogger = logger.child({ component: 'audit' });
  return {
    record(event) {
      auditLogger.info({ audit: event }, 'query audited');
    },
  };
}

/** What is being asked, known once the input has been read. */
export type AuditedQuery = Pick<AuditEvent, 'api' | 'type' | 'subject' | 'purpose' | 'consent'>;
/** How it ended. */
export type AuditedOutcome = Pick<AuditEvent, 'outcome' | 'billed' | 'orderIds' | 'cacheHit'>;

function unbilled(outcome: string): AuditedOutcome {
  return { outcome, billed: false, orderIds: [], cacheHit: false };
}

export const REFUSED_OUTCOME = unbilled('refused');
export const NOT_IN_CHANNEL_OUTCOME = unbilled('not_in_channel');
export const UNEXPECTED_OUTCOME = unbilled('unexpected');

/** A call Juhe (or the way to it) answered with an error: its code, and whether Juhe billed it. */
export function juheErrorOutcome(error: Pick<JuheError, 'code' | 'billed'>): AuditedOutcome {
  return { outcome: error.code, billed: error.billed, orderIds: [], cacheHit: false };
}

/**
 * The audit of one Slack request: the middleware starts it with who/where, the flow says what is asked
 * (`describe`) and how it ended (`complete`). One request records at most one event; a request that
 * described a query and then failed in a way nobody foresaw is completed as 'unexpected' by the
 * middleware, so no query goes unrecorded.
 */
export interface QueryAudit {
  describe(query: AuditedQuery): void;
  complete(outcome: AuditedOutcome): void;
  /** a refusal before any input was read: the subject is not known, and not needed */
  refuse(api: JuheApi): void;
  readonly state: 'idle' | 'described' | 'completed';
}

export function startQueryAudit(
  log: AuditLog,
  who: Pick<AuditEvent, 'requester' | 'channel' | 'surface'>,
  clock: () => number = Date.now,
): QueryAudit {
  const startedAt = clock();
  let query: AuditedQuery | undefined;
  let state: QueryAudit['state'] = 'idle';
  return {
    get state() {
      return state;
    },
    describe(described) {
      if (state === 'completed') return;
      query = described;
      state = 'described';
    },
    complete(outcome) {
      if (state !== 'described' || query === undefined) return;
      state = 'completed';
      log.record({ ...who, ...query, ...outcome, latencyMs: clock() - startedAt });
    },
    refuse(api) {
      this.describe({ api, type: null, subject: '-', purpose: null, consent: null });
      this.complete(REFUSED_OUTCOME);
    },
  };
}
