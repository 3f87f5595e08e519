import type { AccessPolicy } from '../access/accessPolicy.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { BatchRunner } from '../batch/batchRunner.js';
import type { BatchStore } from '../batch/batchStore.js';
import type { BudgetLedger } from '../budgets/budgetLedger.js';
import type { BatchConfig, StoreConfig, WatchConfig } from '../config/config.js';
import type { Locale } from '../i18n/catalog.js';
import type { JuheService } from '../juhe/types.js';
import type { Logger } from '../logging/logger.js';
import { referenceHexId } from '../logging/shortIds.js';
import type { AppMetrics } from '../metrics/appMetrics.js';
import type { RiskScreening } from '../screening/riskScreening.js';
import type { ComplianceRecord } from '../store/complianceRecord.js';
import type { WatchMonitor } from '../watches/watchMonitor.js';
import type { WatchStore } from '../watches/watchStore.js';
import type { LookupDeliveries } from './delivery/lookupDeliveries.js';
import type { WatchNoticeDeliveries } from './delivery/watchNoticeDeliveries.js';
import type { Presenter } from './presenter.js';
import type { ResponseUrlPolicy } from './responseUrl.js';
import type { RoundTripTag } from './roundTripTag.js';
import type { UploadedFiles } from './uploadedFile.js';

/** Everything a listener needs besides Slack's own arguments; tests pass fakes. */
export interface AppServices {
  juhe: JuheService;
  screening: RiskScreening;
  /** BUDGET_USER_DAILY / BUDGET_TEAM_MONTHLY: every billed path holds from it before Juhe is asked */
  budgets: BudgetLedger;
  access: AccessPolicy;
  audit: AuditLog;
  /** the database, its cipher and the audit trail */
  record: ComplianceRecord;
  /** AUDITOR_USER_IDS: may export the decrypted record */
  auditorUserIds: ReadonlySet<string>;
  /** lookups from the question to the delivered answer, durable across crashes and Slack outages */
  deliveries: LookupDeliveries;
  /** retention settings */
  store: StoreConfig;
  /** monitoring: watched subjects, their scheduled checks, WATCH_SCHEDULE and WATCH_MAX_DAYS */
  watches: {
    store: WatchStore;
    monitor: WatchMonitor;
    notices: WatchNoticeDeliveries;
    config: WatchConfig;
  };
  /** batch screening: batches and their rows, the job that runs them, the files people upload, BATCH_MAX_ROWS */
  batches: {
    store: BatchStore;
    runner: BatchRunner;
    files: UploadedFiles;
    config: BatchConfig;
  };
  /** what GET /metrics shows (src/metrics/appMetrics.ts) */
  metrics: AppMetrics;
  logger: Logger;
  locale: Locale;
  complianceChannels: ReadonlySet<string>;
  /** applied to every message and view just before it goes to Slack (sandbox marker, round-trip tags) */
  present: Presenter;
  /** the app's tag on button values and private_metadata, checked when Slack sends them back */
  roundTrip: RoundTripTag;
  /** which response_urls the app posts to: only ones Slack issued */
  responseUrlPolicy: ResponseUrlPolicy;
  now: () => Date;
  newReferenceId: () => string;
}

/** Short id a user can quote to an admin; the same id is on the log line. */
export function newReferenceId(): string {
  return referenceHexId();
}
