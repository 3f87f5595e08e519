/**
 * Every Slack identifier the app uses, in one place. The first three groups are the contract
 * in docs/design.md § Contract: tools outside the repo drive the app through them, so never rename them.
 */
export const ACTION_IDS = {
  prevPage: 'risk_prev_page',
  nextPage: 'risk_next_page',
  /** overview → one type's list; the type is in the button value */
  showType: 'risk_show_type',
  /** a failed risk query's "Try again": the query is in the button value */
  retry: 'risk_retry',
  /** a result's "Watch": opens the risk_watch modal for its subject and sources */
  watch: 'risk_watch',
  /** an alert's "Acknowledge": who and when, shown to everyone in the thread */
  acknowledgeAlert: 'watch_acknowledge',
  /** an alert's "Open current results": the subject screened now */
  openCurrentResults: 'watch_open_results',
  /** "Stop watching" in /risk watches, an expiry warning and the App Home */
  stopWatch: 'watch_stop',
  /** "Renew" on an expiry warning */
  renewWatch: 'watch_renew',
  /** App Home: a recent query asked again */
  reopenQuery: 'home_reopen_query',
  /** App Home, auditors only: the last 30 days of the audit trail to their DM */
  homeAuditExport: 'home_audit_export',
  /** a batch's preview: screen its rows (the requester only) */
  batchStart: 'batch_start',
  /** a batch's preview or progress: stop it; rows done stay done (the requester only) */
  batchCancel: 'batch_cancel',
  /** a result's "Export": every page of its query as XLSX + CSV, into its thread or the requester's DM */
  export: 'risk_export',
  /** "Export" on the confirmation that states the billed calls */
  exportConfirm: 'risk_export_confirm',
  /** "Cancel" on that confirmation: nothing is fetched */
  exportCancel: 'risk_export_cancel',
} as const;

/** The overview's "Show all" buttons: one action_id per source (`risk_show_type_1` … `_3`). */
export const SHOW_TYPE_ACTION_PATTERN = new RegExp(`^${ACTION_IDS.showType}_[123]$`);

export const CALLBACK_IDS = {
  riskQuery: 'risk_query',
  financeQuery: 'finance_query',
  riskCheckMessage: 'risk_check_message',
  riskWatch: 'risk_watch',
  /** `/risk batch`: a file of subjects to screen, and the purpose */
  riskBatch: 'risk_batch',
} as const;

/** Modal input blocks; view_submission errors are keyed by these. */
export const BLOCK_IDS = {
  keyword: 'keyword',
  realname: 'realname',
  type: 'type',
  idcard: 'idcard',
  mobile: 'mobile',
  purpose: 'purpose',
  consent: 'consent',
  /** the batch modal's file_input */
  file: 'file',
} as const;

export type InputBlockId = (typeof BLOCK_IDS)[keyof typeof BLOCK_IDS];

/** action_id of the element inside each input block (Slack wants one; state.values[block_id][action_id]). */
export const INPUT_ACTION_IDS = {
  keyword: 'keyword_input',
  realname: 'realname_input',
  type: 'type_select',
  idcard: 'idcard_input',
  mobile: 'mobile_input',
  purpose: 'purpose_input',
  consent: 'consent_checkbox',
  file: 'file_input',
} as const satisfies Record<InputBlockId, string>;

/** block_id of the actions block that carries a failed query's Try again. */
export const RETRY_BLOCK_ID = 'risk_retry_actions';

/** block_id of the "Screening…" notice, which the answer replaces (privately) or turns into the parent. */
export const SCREENING_NOTICE_BLOCK_ID = 'risk_screening';

/** block_id of the actions block that carries a result's Watch button. */
export const WATCH_ACTIONS_BLOCK_ID = 'risk_watch_actions';

/** block_id of the actions on an export's confirmation (Export, Cancel) or failure (Try again). */
export const EXPORT_ACTIONS_BLOCK_ID = 'risk_export_actions';

/** block_id of an alert's actions (Acknowledge, Open current results); after acknowledging, its context. */
export const ALERT_ACTIONS_BLOCK_ID = 'watch_alert_actions';

/** block_id of a batch message's Start / Cancel buttons. */
export const BATCH_ACTIONS_BLOCK_ID = 'batch_actions';

/** block_id of the actions block that carries Prev / Next on a results message. */
export const PAGINATION_BLOCK_ID = 'risk_pagination';

export const COMMANDS = { risk: '/risk', finance: '/finance' } as const;

/** Events API events the app subscribes to (manifest.yml: settings.event_subscriptions.bot_events). */
export const EVENT_TYPES = { appHomeOpened: 'app_home_opened' } as const;
