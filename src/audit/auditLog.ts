import type { Logger } from '../logging/logger.js';

/**
 * One structured line per query, allowed or refused (docs/design.md § Privacy: who asked what, and what it
 * cost).
 */
export interface AuditEvent {
  requester: string;
  channel: string | null;
  api: 'risk' | 'finance';
  /** 1 / 2 / 3 / 'all' for risk; null for finance */
  type: string | null;
  /** masked name, and for risk the keyword (a company, not personal data); for finance the masked 身份证 */
  subject: string;
  purpose: string | null;
  /** Juhe error_code ('0' on success), a transport code (TIMEOUT, NETWORK, …), 'refused' or 'invalid_input' */
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

/** A query refused before anything was asked of Juhe (not on the allow list). */
export function refusedQueryEvent(who: {
  requester: string;
  channel: string | null;
  api: 'risk' | 'finance';
}): AuditEvent {
  return {
    ...who,
    type: null,
    subject: '-',
    purpose: null,
    outcome: 'refused',
    billed: false,
    orderIds: [],
    latencyMs: 0,
    cacheHit: false,
  };
}
