/**
 * English messages: the reference catalog. Every other locale must have exactly these keys (zh-CN.ts is
 * typed so a missing key fails typecheck) and the same `{placeholders}` (checked by catalog.test.ts).
 *
 * Wording rules: say what happened and what the analyst can do. An empty source is "No records in this
 * source", never "clean" or "no risk": an empty answer from one data source clears nobody.
 */
export const en = {
  // Juhe personRisk types
  'type.1.name': 'Dishonest debtor (失信)',
  'type.2.name': 'Enforcement target (被执行)',
  'type.3.name': 'Consumption ban (限制消费)',
  'type.1.short': '失信',
  'type.2.short': '被执行',
  'type.3.short': '限制消费',
  'scope.all': 'all three sources',

  // counts
  'count.records.one': '1 record',
  'count.records.other': '{count} records',
  'count.noRecords': 'No records in this source',
  'count.failed': 'check failed',
  'summary.countEntry': '{type}: {count}',
  'summary.separator': ' · ',

  // one type's paginated results
  'results.subject': '*Person:* {realname}\n*Company / keyword:* {keyword}',
  'results.pageSummary': 'Page {page} of {pages} · {records}',
  'results.singlePageSummary': '{records}',
  'results.pageGone':
    'Page {page} no longer exists: this source now has {records} on {pages} page(s). Use Previous to go back.',
  'results.noRecordsHint':
    "Juhe returned no {type} records for this person and keyword. That is not a clearance: check the spelling of the name and the keyword, or try the company's 统一社会信用代码 or registration number.",
  'results.sortedNewestFirst': 'Sorted newest first: Juhe sent this page in another order.',
  'results.notShown': '…and {count} more records on this page that do not fit in one Slack message.',
  'results.fallback': '{type} records for {realname} ({keyword}): page {page} of {pages}, {records}',
  'results.fallbackNoRecords': '{type}: no records in this source for {realname} ({keyword})',
  'record.published': 'Published {date}',
  'record.publishedUnknown': 'Publication date unknown',
  'record.noCaseNo': '(no case number)',
  'record.court': 'Court: {court}',
  'record.person': 'Person: {name}',
  'record.fulfilment': 'Fulfilment: {text}',
  'record.amount': 'Amount enforced: {amount}',
  'record.order': 'Order: {text}',
  'record.details': 'Details: {text}',
  'record.moreRelations': '+{count} more',

  // footer
  'footer.source': 'Source: Juhe',
  'footer.order': 'order {orderId}',
  'footer.time': '{time} CST',
  'footer.requestedBy': 'requested by <@{user}>',
  'footer.cachedTime': 'data as of {time} CST (cached)',
  'sandbox.marker': ':test_tube: Sandbox data — not real Juhe results',

  // buttons
  'button.prev': '◀ Previous',
  'button.next': 'Next ▶',
  'button.showAll': 'Show all {count}',

  // overview of all three types
  'overview.header': 'Risk overview',
  'overview.moreRecords': '…and {count} more',
  'overview.noneFound':
    "Juhe returned no records in any of the three sources for this person and keyword. That is not a clearance: check the spelling of the name and the keyword, or try the company's 统一社会信用代码 or registration number.",
  'overview.fallback': 'Risk overview for {realname} ({keyword}): {counts}',

  // visible parent message in compliance channels
  'parent.intro': ':mag: <@{user}> ran a risk check. Details in thread.',
  'parent.person': 'Person: {name}',
  'parent.keyword': 'Company / keyword: {keyword}',
  'parent.sources': 'Sources: {sources}',
  'parent.fallback': '<@{user}> ran a risk check on {name} ({keyword}): {counts}. Details in thread.',

  // while fetching
  'working.text': ':mag: Screening {name} ({keyword}) in {sources}…',
  'working.queued':
    ':hourglass_flowing_sand: Queued for Juhe: {name} ({keyword}) in {sources} is number {position} in line. The answer replaces this message; nothing is billed until Juhe answers.',

  // /risk help
  'help.header': 'Risk check: how to use /risk',
  'help.usage':
    "*Usage:* `/risk <keyword> <realname> [type]`\n`keyword` is the company the person is linked to: its name, registration number, 统一社会信用代码 or KeyNo. `realname` is the person's full name as on the 身份证.",
  'help.quoting':
    'Put quotes around a keyword or a name that contains spaces: `/risk "Acme Trading Co Ltd" 张德洲`, `/risk 江苏德洲 "John Smith"`.',
  'help.examples':
    '*Examples:*\n`/risk "江苏德洲实业有限公司" 张德洲 失信` (one source)\n`/risk 江苏德洲实业有限公司 张德洲` (all three sources, as an overview)',
  'help.types':
    '*Type (optional):*\n• `1 失信 dishonest`: Dishonest debtor (失信)\n• `2 被执行 enforced`: Enforcement target (被执行)\n• `3 限制消费 限消 restricted`: Consumption ban (限制消费)\n• `all 全部`: all three, as an overview (the default)',
  'help.watch':
    '*Watch* someone: `/risk watch <keyword> <realname> [type]` (or *Watch* on a result) re-checks them on a schedule and tells you only what changed. `/risk watches` lists your watches and what they cost.',
  'help.form': 'Type `/risk` on its own to open a form instead.',
  'help.finance': 'For an economic capability rating (经济能力评级), use `/finance`.',
  'help.fallback': 'How to use /risk: /risk <keyword> <realname> [type], or /risk alone for a form.',
  'help.audit':
    '*Auditors:* `/risk audit [from] [to] [member]` sends you the audit trail as CSV and Excel files in your DM with the app: dates as YYYY-MM-DD in China Standard Time, both days included (default: the last 30 days, at most 366); the member as a mention or an ID like U0123ABCD to see only their queries.',

  // /risk usage problems: what was wrong, then how to fix it
  'usage.unclosed_quote': 'A quote was opened but never closed.',
  'usage.unclosed_quote.fix': 'Put the closing quote after the company name.',
  'usage.missing_realname': "The person's name is missing.",
  'usage.missing_realname.fix': "Give the company keyword first, then the person's full name.",
  'usage.too_many_words': 'There are more words than a keyword, a name and a type.',
  'usage.too_many_words.fix': "If the company name or the person's name contains spaces, put it in quotes.",
  'usage.try': 'Try `{command}`.',
  'usage.quote_name.fix': 'If “{name}” is the person’s name, put it in quotes: `{command}`.',
  'usage.unknown_type': '“{word}” is not a type.',
  'usage.unknown_type.noWord': 'The third word is not a type.',
  'usage.unknown_type.fix':
    'Use one of `1 失信 dishonest`, `2 被执行 enforced`, `3 限制消费 限消 restricted`, `all 全部`, or leave it out to check all three sources.',
  'usage.keyword_too_long': 'The keyword is too long.',
  'usage.keyword_too_long.fix':
    "Use the company's 统一社会信用代码 or registration number, or a shorter form of its name.",
  'usage.keyword_is_personal_id':
    'The keyword looks like a 身份证 or mobile number, and /risk does not search by those.',
  'usage.keyword_is_personal_id.fix':
    "Give the company the person is linked to (name, registration number or 统一社会信用代码). For a person's economic capability rating, use `/finance`.",
  // a 统一社会信用代码 whose check character does not match; the hint names a position, never the code
  'usage.keyword_uscc_checksum.replace':
    'This 统一社会信用代码 does not add up: character {position} should probably be “{expected}”, not “{found}”.',
  'usage.keyword_uscc_checksum.swap':
    'This 统一社会信用代码 does not add up: characters {position} and {next} (“{first}” and “{second}”) look swapped.',
  'usage.keyword_uscc_checksum.recopy':
    'This 统一社会信用代码 does not add up: its check character (the 18th) does not match the other 17, so at least one character is mistyped.',
  'usage.keyword_uscc_checksum.fix':
    'Copy the code again from the business licence (营业执照) and compare it character by character (a corrected code can still be another company’s), or search by the company name.',
  'usage.realname_invalid': "The person's name is not valid: {detail}",
  'usage.realname_invalid.fix': 'Enter the full name as on the 身份证.',
  'usage.example': 'Example: `/risk "江苏德洲实业有限公司" 张德洲 失信`',
  'usage.moreHelp': 'Type `/risk help` for all options.',

  // /risk audit: the auditors' export of the audit trail
  'audit.period': '{from} to {to}',
  'audit.period.user': '{from} to {to}, queries by <@{user}>',
  'audit.count.one': '1 query',
  'audit.count.other': '{count} queries',
  'audit.preparing': ':hourglass_flowing_sand: Preparing your audit export ({period})…',
  'audit.done':
    ':white_check_mark: Your audit export ({period}: {count}) is in your DM with the app: {files}. It holds personal data in clear; keep it only as long as the audit needs it and do not forward it.',
  'audit.empty': 'No queries were recorded for {period}, so there is nothing to export and no file was made.',
  'audit.fileComment':
    'Audit export, {period} (China Standard Time, both days included): {count}. Personal data in clear: do not forward.',
  'audit.usage.date_format': '“{word}” is not a date in the form YYYY-MM-DD.',
  'audit.usage.date_format.noWord': 'One of the dates is not in the form YYYY-MM-DD.',
  'audit.usage.date_impossible': '{word} is not a day on the calendar.',
  'audit.usage.date_impossible.noWord': 'One of the dates is not a day on the calendar.',
  'audit.usage.range_reversed': 'The start date {from} is after the end date {to}.',
  'audit.usage.range_too_long': 'From {from} to {to} is {days} days; one export covers at most {max} days.',
  'audit.usage.user_handle':
    '“{word}” is a display name, not a member ID: names change and can be shared, so the export is filtered by ID only.',
  'audit.usage.user_handle.noWord':
    'That is a display name, not a member ID: names change and can be shared, so the export is filtered by ID only.',
  'audit.usage.unknown_word': '“{word}” is neither a date (YYYY-MM-DD) nor a member.',
  'audit.usage.unknown_word.noWord': 'One of the words is neither a date (YYYY-MM-DD) nor a member.',
  'audit.usage.too_many_words': 'Give at most two dates and one member.',
  'audit.usage.fix.dates':
    'Write each date as YYYY-MM-DD, the start first: `/risk audit 2026-11-01 2026-11-30`.',
  'audit.usage.fix.order': 'Put the earlier date first: `/risk audit {to} {from}`.',
  'audit.usage.fix.split':
    'Export a shorter period, for example one quarter at a time: `/risk audit 2026-10-01 2026-12-31`.',
  'audit.usage.fix.member':
    'Use the member ID instead (their profile → ⋯ → Copy member ID), e.g. `/risk audit 2026-11-01 2026-11-30 U0123ABCD`.',
  'audit.usage.syntax':
    'Usage: `/risk audit [from] [to] [member]`: dates YYYY-MM-DD in China Standard Time, both days included (default: the last 30 days); the member as a mention or an ID like U0123ABCD.',

  // input validation (codes from src/domain/validation.ts)
  'validation.idcard_length': 'A 身份证 number has 18 characters; check for missing or extra digits.',
  'validation.idcard_15_digit':
    'This is an old 15-digit ID; enter the 18-digit number from the current 身份证.',
  'validation.idcard_chars': 'Use only digits, with an X allowed as the last character.',
  'validation.idcard_birth_date':
    'Characters 7–14 are the birth date (yyyyMMdd), and these are not a real past date; check them.',
  'validation.idcard_checksum':
    "The last character doesn't match the other 17, so something is mistyped; check for a typo against the card.",
  'validation.idcard_region': 'The number does not start with a valid region code; check the first digits.',
  'validation.uscc_length': 'A 统一社会信用代码 has 18 characters; check for missing or extra characters.',
  'validation.uscc_chars':
    'A 统一社会信用代码 uses digits and capital letters (never I, O, Z, S or V); check for typos.',
  'validation.uscc_checksum':
    "The last character of this 统一社会信用代码 doesn't match the others; check for a typo.",
  'validation.mobile_format':
    'Enter an 11-digit mainland China mobile number starting with 1 (a +86 prefix, spaces and dashes are fine).',
  'validation.name_empty': 'Enter the full name as on the 身份证.',
  'validation.name_chars':
    'Use Chinese characters (with · between the parts of a transliterated name), or Latin letters if the person has no Chinese name.',
  'validation.name_dots': 'Use single middle dots (·), and only between the parts of the name.',
  'validation.name_length': 'The name is too short or too long; enter the full name as on the 身份证.',
  'validation.keyword_too_long':
    "The keyword is too long (at most 200 characters); use the company's 统一社会信用代码 or registration number.",
  'validation.keyword_is_personal_id':
    "This looks like a 身份证 or mobile number. Enter the company the person is linked to; for a person's rating use /finance.",
  'validation.keyword_uscc_checksum':
    'This 统一社会信用代码 does not add up: its check character (the 18th) does not match. Copy it again from the business licence (营业执照).',
  'validation.keyword_uscc_checksum.replace':
    'This 统一社会信用代码 does not add up: character {position} should probably be “{expected}”, not “{found}”. Compare it with the business licence (营业执照).',
  'validation.keyword_uscc_checksum.swap':
    'This 统一社会信用代码 does not add up: characters {position} and {next} (“{first}” and “{second}”) look swapped. Compare it with the business licence (营业执照).',
  'validation.unknown_type': 'Choose one of the listed sources.',
  'validation.purpose_too_short': 'Describe the purpose in a few words (at least 5 characters).',
  'validation.purpose_too_long': 'Keep the purpose to 500 characters or fewer.',
  'validation.required': 'This field is required.',
  'validation.consent_required':
    'Tick the box to confirm consent or a lawful basis; the lookup cannot run without it.',
  'validation.invalid': 'Check this value and try again.',

  // Juhe errors, one per JuheErrorCategory plus code-specific ones
  'error.query': 'Query: {name} · {keyword} · {source}',
  'error.query.finance': 'Query: {name} · economic rating (经济能力评级)',
  'error.query.page': '{source}, page {page}',
  'button.retry': 'Try again',
  'error.title.risk': 'The risk check did not complete',
  'error.title.finance': 'The economic rating lookup did not complete',
  'error.input': "Juhe rejected the query. Check the company keyword and the person's name, then try again.",
  'error.input.idcard': 'Juhe rejected the 身份证 number format. Check the number and try again.',
  'error.input.name': 'Juhe rejected the name format. Enter the full name as on the 身份证 and try again.',
  'error.input.mobile': 'Juhe rejected the mobile number format. Check the number and try again.',
  'error.not_found': 'No records in this source.',
  'error.quota':
    'The Juhe query limit has been reached. Try again later, or ask a Slack admin to check the Juhe plan.',
  'error.misconfigured': 'This Juhe service is not set up correctly in the app — tell a Slack admin.',
  'error.upstream_unavailable': 'Juhe could not complete the query just now. Try again in a few minutes.',
  'error.maintenance': 'Juhe maintenance: this Juhe service is unavailable for now. Try again later.',
  'error.upstream_invalid':
    'Juhe sent an answer the app could not read. Try again; if it keeps happening, tell a Slack admin.',
  'error.timeout': 'Juhe did not answer in time, try again.',
  'error.busy':
    'Too many lookups are waiting for Juhe right now, so this one was not sent. Nothing was billed. Try again in a minute.',
  'error.network': 'Could not reach Juhe because of a network problem. Try again in a moment.',
  'error.code': 'Juhe code {code}',
  // a failed lookup's notification text: its title, then what happened
  'error.titled': '{title}: {text}',
  'error.titleWithQuery': '{title} ({query})',
  'error.unexpected':
    'Something went wrong (reference {ref}). Try again; if it keeps happening, give this reference to a Slack admin.',
  'lookup.interrupted':
    'This lookup was interrupted before Juhe answered (the app restarted). Juhe may have billed it; the audit trail records it as interrupted. Run it again if you still need the result.',
  'record.unavailable':
    'Nothing was looked up and nothing was billed: the compliance record cannot be written just now, and no lookup runs without it. Try again in a few minutes; if it keeps happening, give reference {ref} to a Slack admin.',
  'stale.text':
    'This button no longer works: it is from an older message or was changed. Run `/risk` again for fresh results.',
  'refusal.text':
    'Sorry, you are not on the list of people allowed to run {service}. Ask your compliance lead or a Slack admin to add you to the allowed list.',
  'refusal.audit':
    'Sorry, only auditors may export the audit trail (`/risk audit`). Ask a Slack admin to add your member ID to AUDITOR_USER_IDS.',
  'api.risk': 'risk checks',
  'api.finance': 'economic capability ratings',
  'notInChannel.text':
    "I'm not in <#{channel}>. Invite me with `/invite @Juhe Risk`, then run the command again, or use a channel I'm already in.",
  'notInChannel.finance':
    "The rating is in the form you submitted, but I could not post the masked copy to <#{channel}>: I'm not in it. Invite me with `/invite @Juhe Risk` for next time; there is no need to look the person up again.",

  // risk modal
  'modal.risk.title': 'Risk check',
  'modal.risk.submit': 'Check',
  'modal.cancel': 'Cancel',
  'modal.close': 'Close',
  'modal.done': 'Done',
  'modal.risk.intro': "Screen a person against Juhe's 失信, 被执行 and 限制消费 records.",
  'modal.keyword.label': 'Company',
  'modal.keyword.hint': 'Company name, registration number, 统一社会信用代码 or KeyNo.',
  'modal.keyword.placeholder': 'e.g. 江苏德洲实业有限公司',
  'modal.realname.label': "Person's full name",
  'modal.realname.hint': 'As on the 身份证.',
  'modal.realname.placeholder': 'e.g. 张德洲',
  'modal.type.label': 'Source',
  'modal.type.all': 'All three sources (overview)',

  // finance modal
  'modal.finance.title': 'Economic rating',
  'modal.finance.submit': 'Look up',
  'modal.finance.intro':
    "Look up Juhe's economic capability rating (经济能力评级, from social-insurance data). The 身份证 and mobile are sensitive personal information: they go to Juhe only and are shown masked.",
  'modal.idcard.label': '身份证 number',
  'modal.idcard.hint': '18 digits; the last may be X.',
  'modal.mobile.label': 'Mobile number',
  'modal.mobile.hint': '11-digit mainland China number.',
  'modal.purpose.label': 'Purpose of this lookup',
  'modal.purpose.hint':
    'Why you need this rating, e.g. a KYC review reference. Recorded in the audit log with your Slack user ID.',
  'modal.consent.label': 'Consent',
  'modal.consent.option': 'I confirm the subject consented / a lawful basis exists for this lookup',
  'modal.consent.description': 'Required (PIPL). Recorded in the audit log.',

  // loading modals
  'loading.title': 'Please wait',
  'loading.finance': ':hourglass_flowing_sand: Looking up the economic capability rating…',

  // finance result
  'finance.header': 'Economic capability rating',
  'finance.parent.intro':
    ':bar_chart: <@{user}> looked up an economic capability rating. Masked result in thread.',
  'finance.parent.fallback':
    '<@{user}> looked up an economic capability rating for {name}. Masked result in thread.',
  'finance.errorTitle': 'Lookup failed',
  'finance.identity.name': 'Name: {name}',
  'finance.identity.idcard': '身份证: {idcard}',
  'finance.identity.mobile': 'Mobile: {mobile}',
  'finance.scaleNote':
    'Each bar shows which of its scale’s bands the result is in, lowest band on the left: more filled means higher.',
  'finance.unrecognisedAdvice':
    ':warning: The app could not read a score above, so it is not decoded. Ask a Slack admin to check the app’s Juhe product 经济能力评级 (its subscription and version), giving them the order number below: the audit trail keeps Juhe’s raw value with this lookup.',
  'finance.unrecognisedAdvice.noOrder':
    ':warning: The app could not read a score above, so it is not decoded. Ask a Slack admin to check the app’s Juhe product 经济能力评级 (its subscription and version), giving them the time and requester below: the audit trail keeps Juhe’s raw value with this lookup.',
  'finance.fallback': 'Economic capability rating for {name}: {bands}',
  'finance.fallbackBand': '{label}: {value}',
  'finance.fallbackSeparator': '; ',
  'rating.range.label': 'Financial capacity (预测金融能力)',
  'rating.history.label': 'History (历史属性指数)',
  'rating.stability.label': 'Recent stability (近期稳定指数)',
  'rating.range.measures':
    'What it measures: Juhe’s estimate, from social-insurance data, of the person’s monthly income level (unit: CNY, 元).',
  'rating.history.measures':
    'What it measures: Juhe’s estimate of how long the person has paid social insurance (unit: months).',
  'rating.stability.measures':
    'What it measures: Juhe’s estimate of how long the person has recently paid social insurance without a break (unit: months, at most 24).',
  'rating.range.short': 'capacity',
  'rating.history.short': 'history',
  'rating.stability.short': 'stability',
  'rating.unit.cny': 'CNY',
  'rating.unit.months': 'months',
  // the bands in words: "open" leaves the end out, "closed" takes it in
  'rating.interval.upTo': 'up to {upper} {unit} (inclusive)',
  'rating.interval.openClosed': '{lower} – {upper} {unit} (excluding {lower}, including {upper})',
  'rating.interval.open': '{lower} – {upper} {unit} (excluding {lower} and {upper})',
  'rating.interval.closed': '{lower} – {upper} {unit} (including {lower} and {upper})',
  'rating.interval.closedOpen': '{lower} – {upper} {unit} (including {lower}, excluding {upper})',
  'rating.interval.above': 'more than {lower} {unit}',
  'rating.interval.atLeast': '{lower} {unit} or more',
  'rating.interval.exactly': 'exactly {value} {unit}',
  'rating.score': 'score {score}',
  'rating.unpredictable': 'No prediction (score 0)',
  'rating.unrecognised': 'Unrecognised score “{raw}”',
  'rating.missing': 'Juhe sent no score',

  // monitoring (docs/design.md § Monitoring)
  'button.watch': 'Watch',
  'button.stopWatching': 'Stop watching',
  'button.renewWatch': 'Renew for {days} days',
  'button.acknowledge': 'Acknowledge',
  'button.openCurrent': 'Open current results',
  'field.caseNo': 'Case number',
  'field.court': 'Court',
  'field.published': 'Published',
  'field.person': 'Person',
  'field.fulfilment': 'Fulfilment',
  'field.amount': 'Amount enforced',
  'field.order': 'Order',
  'field.other': 'Details',
  'field.empty': '(none)',
  'watch.subject': '{name} · {keyword} · {sources}',
  'modal.watch.title': 'Watch a subject',
  'modal.watch.submit': 'Start watching',
  'modal.watch.intro':
    'The app screens this subject again on a schedule and tells you only what changed: a new record, a removed one (a 失信 entry lifted after payment) or a changed one. No change, no message.',
  'modal.watch.type.label': 'Sources to watch',
  'modal.watch.purpose.label': 'Purpose of monitoring',
  'modal.watch.purpose.hint':
    'Why this person needs ongoing screening, e.g. “supplier under contract, annual review”. Kept sealed in the audit trail.',
  'modal.watch.alertsToThread': 'Alerts go to the thread this result is in, in <#{channel}>.',
  'modal.watch.alertsToDm': 'Alerts go to your DM with the app.',
  'watch.cost':
    '*Cost:* Juhe calls per check: {calls}, of which billed: {billed} (a source with no records is not billed). At the schedule (`{schedule}`, China time): {checks} checks a month, about {monthly} billed calls a month.',
  'watch.cost.atLeast':
    '*Cost:* Juhe calls per check: at least {calls} (one per page of each source), of which billed: {billed} or more. At the schedule (`{schedule}`, China time): {checks} checks a month, at least {monthly} billed calls a month. The first check tells the exact number.',
  'watch.ends': 'The watch ends on {date} unless you renew it; you are told a week ahead.',
  'watch.started.title': 'Watching',
  'watch.started':
    '*Now watching* {subject}.\nThe first check runs now and takes the baseline; later checks follow the schedule (next: {next} CST).',
  'watch.duplicate':
    'You already watch this person for this keyword ({sources}). To change the sources, stop that watch in `/risk watches` first.',
  'watch.list.header': 'Your watches',
  'watch.list.none':
    'You are not watching anyone. Press *Watch* on a result, or use `/risk watch <keyword> <realname> [type]`.',
  'watch.list.entry':
    '{subject}\nNext check {next} CST · last change {lastChange} · ends {ends}\nAt the last check: {counts}',
  'watch.list.noBaseline': 'not checked yet',
  'watch.list.noChange': 'none yet',
  'watch.list.total':
    'Together: {calls} Juhe calls a check, {billed} billed; about {monthly} billed calls a month at the schedule (`{schedule}`, China time).',
  'watch.list.more': '…and {count} more watches: see the app’s Home tab.',
  'watch.list.fallback': 'Your watches: {count}',
  'watch.stopped': 'Stopped watching {subject}. Nothing more will be checked or billed for it.',
  'watch.notActive': 'That watch has already ended; nothing was changed.',
  'watch.notYours': 'Only the analyst who started this watch can change it.',
  'watch.renewed': 'Renewed: the watch on {subject} now ends on {date}.',
  'alert.header': 'Watched subject changed',
  'alert.added': '*New record* · {type}',
  'alert.removed': '*Removed record* · {type}: no longer in Juhe’s answer (e.g. lifted after payment)',
  'alert.changed': '*Changed record* · {type}: {caseNo}',
  'alert.fieldChange': '{field}: {from} → {to}',
  'alert.summary': '{added} new · {removed} removed · {changed} changed',
  'alert.checked': 'Checked {time} CST, compared with the check of {previous} CST.',
  'alert.truncated': 'Only the first {pages} pages of {type} are compared.',
  'alert.more':
    '…and {count} more changes that do not fit here: open the current results to see every record.',
  'alert.acknowledged': ':white_check_mark: Acknowledged by <@{user}> at {time} CST',
  'alert.fallback': 'Watched subject changed: {name} ({keyword}): {summary}',
  'notice.expiryWarning':
    ':hourglass: Your watch on {subject} ends on {date}. Renew it to keep watching for another {days} days.',
  'notice.expired':
    'Your watch on {subject} ended on {date}, {days} days after it was started or last renewed. Start a new watch to keep watching.',
  'notice.checkFailed':
    'The scheduled check of {subject} failed. {error}\nThe watch stays on; the next check is at {next} CST. You will not be told of this failure again unless it changes.',
  'home.header': 'Juhe Risk',
  'home.intro': 'Your queries, watches and alerts. Only you see this tab.',
  'home.queries.title': 'Your recent queries',
  'home.queries.none': 'No queries yet. Use `/risk` or `/finance` in any channel.',
  'home.query': '{time} CST · {api} · {subject} · {outcome}',
  'home.api.risk': 'Risk ({scope})',
  'home.api.finance': 'Economic rating',
  'home.api.watch': 'Watch',
  'home.api.audit_export': 'Audit export',
  'home.outcome.records': 'answered',
  'home.outcome.noRecords': 'no records',
  'home.outcome.refused': 'refused',
  'home.outcome.other': '{code}',
  'home.button.reopen': 'Open again',
  'home.unreadableInput': '(an input that could not be used; not shown)',
  'home.watches.title': 'Your watches',
  'home.watches.more': '…and {count} more watches: `/risk watches` lists them all.',
  'home.alerts.title': 'Alerts not yet acknowledged',
  'home.alerts.none': 'No open alerts.',
  'home.alert': '{time} CST · {subject} · {summary}',
  'home.audit.title': 'Audit export',
  'home.audit.body': 'The last 30 days of the audit trail, as CSV and XLSX, in your DM with the app.',
  'home.button.auditExport': 'Export last 30 days',
  // export
  'button.export': 'Export',
  'export.button.confirm': 'Export',
  'export.button.cancel': 'Cancel',
  'export.button.retry': 'Try again',
  'export.confirm':
    ':page_facing_up: Exporting every record of {subject} reads {pages} pages and costs *{billed} billed Juhe calls*. Pages already fetched are not billed again. Export as XLSX and CSV?',
  'export.confirm.atLeast':
    ':page_facing_up: Exporting every record of {subject} reads at least {pages} pages and costs *at least {billed} billed Juhe calls* (the size of a source is known only once Juhe answers). Pages already fetched are not billed again. Export as XLSX and CSV?',
  'export.confirm.fallback': 'Export {name} ({keyword}): {billed} billed Juhe calls. Export or cancel?',
  'export.confirm.fallback.atLeast':
    'Export {name} ({keyword}): at least {billed} billed Juhe calls. Export or cancel?',
  'export.confirm.again':
    ':information_source: This export needs more than the {confirmed} billed Juhe calls you confirmed; none past them were billed.',
  'export.claimed':
    ':information_source: This export is already running or done (the confirmation was clicked before): its files arrive once, and nothing more is billed.',
  'export.cancelled': 'Export cancelled. Nothing was fetched or billed.',
  'export.working': ':hourglass_flowing_sand: Exporting {subject}…',
  'export.working.fallback': 'Exporting {name} ({keyword})…',
  'export.done.dm':
    ':white_check_mark: Exported {records} records of {subject}: the XLSX and CSV are in your DM with the app. Billed Juhe calls: {billed}.',
  'export.done.thread':
    ':white_check_mark: Exported {records} records of {subject} into the thread. Billed Juhe calls: {billed}.',
  'export.done.fallback': 'Exported {records} records of {name} ({keyword}).',
  'export.failed':
    ':warning: The export of {subject} stopped: {error} No file was made. Pages already fetched are kept, so trying again bills only the rest.',
  'export.failed.fallback': 'The export of {name} ({keyword}) stopped; no file was made.',
  'export.fileComment': 'Export of {subject}: {records} records ({counts}). {notClearance}',
  'export.notClearance':
    'A source without records is not a clearance: Juhe found nothing for this name and keyword there, which does not show the person has no record.',
  'export.truncated': 'Only the first {pages} pages ({records} records) of {type} are included.',
  'export.sheetName': 'Records',
  'export.header.title': 'Juhe personal risk export',
  'export.header.query': 'Query',
  'export.header.requester': 'Requested by',
  'export.header.generated': 'Generated (CST)',
  'export.header.counts': 'Records per source',
  'export.header.note': 'Note',
  'export.header.sandbox': 'Sandbox data — not real Juhe results',
  'export.header.subject': '{name} · {keyword} · {sources}',
  'export.column.source': 'Source',
  'export.column.caseNo': 'Case number',
  'export.column.published': 'Published',
  'export.column.court': 'Court',
  'export.column.person': 'Person',
  'export.column.fulfilment': 'Fulfilment (履行情况)',
  'export.column.amount': 'Amount enforced (执行标的, CNY)',
  'export.column.details': 'Details',
  'export.column.recordId': 'Record id',
  'export.column.orderId': 'Juhe order id',
  'export.column.dataTime': 'Time of the data (CST)',
  'home.api.export': 'Export',
  // budgets
  'budget.title': 'Juhe budget reached',
  'budget.name.user_daily': 'your daily budget',
  'budget.name.team_monthly': "the workspace's monthly budget",
  'budget.refused':
    'This needs {needed} billed Juhe call(s), and {budget} has {left} of {limit} left. It resets at {resets} CST.',
  'budget.tooLarge':
    'This needs {needed} billed Juhe call(s), more than {whole} of {limit}; ask your Slack admin to raise {setting}, or choose one source.',
  'budget.whole.user_daily': 'the whole daily budget',
  'budget.whole.team_monthly': "the workspace's whole monthly budget",
  'budget.fallback': '{title}: {text}',
  'budget.nothingBilled': 'Nothing was looked up and nothing was billed.',
  'budget.billedBefore':
    'It stopped after {billed} billed Juhe call(s); those pages are kept, so trying again bills only the rest. No file was made.',
  'home.usage.title': 'Juhe usage',
  'home.usage.today': 'Today: *{used}* of {limit} billed calls ({left} left; resets {resets} CST)',
  'home.usage.todayUnlimited': 'Today: *{used}* billed calls (no daily budget)',
  'home.usage.month': 'This month: *{used}* billed calls',
  'home.usage.team':
    'The workspace this month: *{used}* of {limit} billed calls ({left} left; resets {resets} CST)',
  'home.usage.teamUnlimited': 'The workspace this month: *{used}* billed calls (no monthly budget)',
  'home.usage.byUser': '<@{user}>: {calls}',
  'home.usage.byUserNone': 'Nobody has billed calls this month.',
  'home.usage.byUserMore': '…and {count} more people.',

  // batch
  'batch.help':
    'Batch: `/risk batch` opens a form to upload a CSV or XLSX of people to screen (up to {maxRows} rows). You see the rows and the cost before anything is billed; the results come to your DM with the app.',
  'batch.modal.title': 'Batch screening',
  'batch.modal.submit': 'Read file',
  'batch.modal.intro':
    'Upload a CSV or XLSX with one person per row: a column for the company (`keyword`, `company`, `企业名称` …) and one for the person (`realname`, `name`, `姓名` …). A `type` column (失信, 被执行, 限制消费, all) may limit a row to some sources. At most {maxRows} rows.',
  'batch.modal.cost':
    'Nothing is billed yet: you first see which rows can be screened and what it costs. Each row costs one Juhe call per source in its scope (three for all sources); Juhe bills only the calls that find records.',
  'batch.modal.results':
    'The preview, the progress and the results go to your DM with the app: only you see them.',
  'batch.modal.file.label': 'File (CSV or XLSX)',
  'batch.modal.purpose.label': 'Purpose',
  'batch.modal.purpose.hint':
    'Why these people are screened (5–500 characters). Recorded in the audit trail with every row.',
  'batch.file.missing': 'Pick a CSV or XLSX file.',
  'batch.reading': 'Reading your file…',
  'batch.read.previewSent':
    'Your file was read. The preview is in your DM with the app: check the rows and the cost, then press Start.',
  'batch.problem.intro': '*This file cannot be screened.* Nothing was stored or billed.',
  'batch.problem.not_a_spreadsheet':
    'It is not a CSV or XLSX file. Save the sheet as CSV (UTF-8 or GBK) or as an Excel workbook (.xlsx); old .xls files cannot be read.',
  'batch.problem.empty': 'It has no rows to screen. Put a header row first, then one row per person.',
  'batch.problem.no_header':
    'Its first row names no company column and no person column. Head them `keyword` and `realname` (or `企业名称` and `姓名`); an optional `type` column names the sources.',
  'batch.problem.too_many_rows':
    'It has {rows} rows; a batch takes at most {maxRows}. Split it into smaller files.',
  'batch.problem.too_large': 'It is larger than {maxMb} MB. Split it into smaller files.',
  'batch.problem.unreadable':
    'Slack did not hand the file over (it may have been deleted, or is still uploading). Pick it again.',
  'batch.problem.retry': 'Fix the file and pick it again below.',
  'batch.reason.keyword_missing': 'The company keyword is missing.',
  'batch.reason.realname_missing': "The person's name is missing.",
  'batch.reason.unknown_type': 'The type is not one of 失信, 被执行, 限制消费 or all (or 1, 2, 3).',
  'batch.reason.other': 'The row could not be read.',
  'batch.preview.title': 'Batch screening: {file}',
  'batch.preview.counts': 'Rows to screen: *{accepted}* · rows rejected: *{rejected}*',
  'batch.preview.cost':
    'Cost: *{calls}* Juhe calls — one per source in each row’s scope. Juhe bills only the calls that find records: at most {calls}.',
  'batch.preview.purpose': 'Purpose: {purpose}',
  'batch.preview.rejectedTitle': '*Rejected rows* (not screened, not billed):',
  'batch.preview.rejectedRow': 'Row {row}: {reason}',
  'batch.preview.rejectedMore': '…and {count} more rejected rows; the results file lists them all.',
  'batch.preview.nothing': 'No row can be screened. Fix the rows and run `/risk batch` again.',
  'batch.preview.onlyYou': 'Only you can start or cancel this batch, and only you see its results.',
  'batch.button.start': 'Start',
  'batch.button.cancel': 'Cancel',
  'batch.progress.title': 'Screening: {file}',
  'batch.progress.line': '`{bar}` {done} / {total}',
  'batch.progress.hits': '{hits} with records so far',
  'batch.progress.failed': '{failed} failed',
  'batch.progress.eta': 'about {time} left',
  'batch.progress.etaUnknown': 'estimating the time left…',
  'batch.progress.etaUnderMinute': 'less than a minute left',
  'batch.duration.seconds': '{count} s',
  'batch.duration.minutes': '{count} min',
  'batch.duration.hours': '{hours} h {minutes} min',
  'batch.summary.title.done': 'Batch done: {file}',
  'batch.summary.title.cancelled': 'Batch cancelled: {file}',
  'batch.summary.title.stopped': 'Batch stopped: {file}',
  'batch.summary.screened': '{done} of {total} rows screened in {duration}.',
  'batch.summary.notScreened': 'Rows not screened: {count} (marked so in the file).',
  'batch.summary.bySource': 'Subjects with records — {sources} · in any source: *{any}*',
  'batch.summary.source': '{name}: *{count}*',
  'batch.summary.failed': 'Rows failed: *{count}* (the file gives each error).',
  'batch.summary.rejected': 'Rows rejected: *{count}*.',
  'batch.summary.file': 'Every row’s outcome is in the XLSX in this thread.',
  'batch.summary.fileFailed':
    'The results file could not be uploaded: run `/risk batch` again later, or ask a Slack admin.',
  'batch.stop.quota': 'Juhe’s query limit was reached; the rows not screened were not billed.',
  'batch.stop.misconfigured': 'The app is not set up correctly for Juhe — tell a Slack admin.',
  'batch.stop.other': 'The batch was stopped ({reason}).',
  'batch.notClearance':
    'Not a clearance: a row without records has none in these sources on Juhe today, and clears nobody.',
  'batch.cancelledBeforeStart': 'Batch cancelled before it started: nothing was screened or billed.',
  'batch.started': 'Started. Progress is shown here.',
  'batch.notYours': 'Only the person who uploaded this batch can start or cancel it.',
  'batch.alreadyStarted': 'This batch is already running.',
  'batch.alreadyEnded': 'This batch has already ended.',
  'batch.file.comment': 'Results of the batch {file}',
  'batch.status.done': 'screened',
  'batch.status.failed': 'failed',
  'batch.status.rejected': 'rejected',
  'batch.status.pending': 'not screened',
  'batch.yes': 'yes',
  'batch.no': 'no',
  'batch.xlsx.sheet': 'Results',
  'batch.xlsx.title': 'Batch screening results',
  'batch.xlsx.batch': 'Batch',
  'batch.xlsx.file': 'File',
  'batch.xlsx.requester': 'Requested by',
  'batch.xlsx.time': 'Time (CST)',
  'batch.xlsx.purpose': 'Purpose',
  'batch.xlsx.status': 'Batch status',
  'batch.xlsx.col.row': 'Row in your file',
  'batch.xlsx.col.keyword': 'Keyword',
  'batch.xlsx.col.name': 'Name (masked)',
  'batch.xlsx.col.scope': 'Sources',
  'batch.xlsx.col.count': '{source} records',
  'batch.xlsx.col.hits': 'Records found',
  'batch.xlsx.col.orderIds': 'Juhe order ids',
  'batch.xlsx.col.error': 'Error or reason',
  'batch.xlsx.col.status': 'Status',
  'batch.stop.budget': 'The batch stopped there: the rows not screened were not billed.',
} as const;

export type MessageKey = keyof typeof en;
export type EnglishMessages = typeof en;
