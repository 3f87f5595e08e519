import type { MessageKey } from './en.js';

/**
 * Simplified Chinese. Typed against the English keys so a missing or extra key fails typecheck.
 *
 * Typography, one rule for every message (catalog.test.ts checks the mechanical parts):
 * - Chinese sentences use full-width punctuation: ，。：；？！（）“”、《》……; a full-width mark never has a
 *   space before or after it, so neither does a placeholder or a mrkdwn `*…*` next to one.
 * - One half-width space separates Chinese from digits, Latin words, `code`, <@mentions>, <#channels> and
 *   emoji shortcodes (第 2 / 16 页, 31 条记录, Slack 管理员, 使用 `/finance`); Chinese never touches Chinese with a space.
 * - Placeholders count as what they hold: numbers, dates, codes, ids and mentions ({count}, {time}, {ref},
 *   {user}) take the spaces; names, keywords and labels ({name}, {realname}, {keyword}, {type}, {sources},
 *   {service}, {period}) are written flush against the Chinese around them, or inside （）.
 * - A bold mrkdwn label keeps its colon outside the asterisks: `*人员*：张德洲` (Slack bolds a `*…*` only
 *   when a boundary follows it, and a full-width colon is one).
 * - Slack's own Simplified Chinese terms: 频道 channel, 私信 DM, 消息列 thread, 应用 app, 提及 mention,
 *   成员 ID member ID. The app speaks to the reader as 您.
 * - No label twice: a type name is never followed by its short form, a scope word never by 来源 again.
 */
export const zhCN: Record<MessageKey, string> = {
  'type.1.name': '失信被执行人',
  'type.2.name': '被执行人',
  'type.3.name': '限制消费令',
  'type.1.short': '失信',
  'type.2.short': '被执行',
  'type.3.short': '限制消费',
  'scope.all': '全部来源',

  'count.records.one': '1 条记录',
  'count.records.other': '{count} 条记录',
  'count.noRecords': '该来源无记录',
  'count.failed': '查询失败',
  'summary.countEntry': '{type}：{count}',
  'summary.separator': ' · ',

  'results.subject': '*人员*：{realname}\n*关联企业*：{keyword}',
  'results.pageSummary': '第 {page} / {pages} 页 · 共 {records}',
  'results.singlePageSummary': '共 {records}',
  'results.pageGone': '第 {page} 页已不存在：该来源现有 {records}，共 {pages} 页。请点击“上一页”返回。',
  'results.noRecordsHint':
    '按此姓名和关键词，聚合数据未返回{type}记录。这并不代表核查通过：请核对姓名和关键词是否有误，或改用企业的统一社会信用代码或注册号重新查询。',
  'results.sortedNewestFirst': '本页已按发布日期从新到旧排列（聚合数据返回的顺序不同）。',
  'results.notShown': '……本页另有 {count} 条记录无法在一条 Slack 消息中显示。',
  'results.fallback': '{realname}（{keyword}）的{type}记录：第 {page} / {pages} 页，共 {records}',
  'results.fallbackNoRecords': '{realname}（{keyword}）的{type}记录：该来源无记录',
  'record.published': '发布日期 {date}',
  'record.publishedUnknown': '发布日期未知',
  'record.noCaseNo': '（无案号）',
  'record.court': '执行法院：{court}',
  'record.person': '姓名：{name}',
  'record.fulfilment': '履行情况：{text}',
  'record.amount': '执行标的：{amount}',
  'record.order': '措施：{text}',
  'record.details': '详情：{text}',
  'record.moreRelations': '另有 {count} 项',

  'footer.source': '来源：聚合数据',
  'footer.order': '订单号 {orderId}',
  'footer.time': '{time}（北京时间）',
  'footer.requestedBy': '查询人 <@{user}>',
  'footer.cachedTime': '数据截至 {time}（北京时间，缓存）',
  'sandbox.marker': ':test_tube: 沙盒数据，并非聚合数据的真实结果',

  'button.prev': '◀ 上一页',
  'button.next': '下一页 ▶',
  'button.showAll': '查看全部 {count} 条',

  'overview.header': '风险概览',
  'overview.moreRecords': '……另有 {count} 条',
  'overview.noneFound':
    '按此姓名和关键词，聚合数据在三个来源中均未返回记录。这并不代表核查通过：请核对姓名和关键词是否有误，或改用企业的统一社会信用代码或注册号重新查询。',
  'overview.fallback': '{realname}（{keyword}）的风险概览：{counts}',

  'parent.intro': ':mag: <@{user}> 发起了风险核查。详情见消息列。',
  'parent.person': '人员：{name}',
  'parent.keyword': '关联企业：{keyword}',
  'parent.sources': '核查范围：{sources}',
  'parent.fallback': '<@{user}> 对{name}（{keyword}）发起了风险核查：{counts}。详情见消息列。',

  'working.text': ':mag: 正在核查{name}（{keyword}），范围：{sources}……',

  'help.header': '风险核查：/risk 用法',
  'help.usage':
    '*用法*：`/risk <keyword> <realname> [type]`\n`keyword` 为人员关联的企业：企业名称、注册号、统一社会信用代码或 KeyNo。`realname` 为人员姓名，与身份证一致。',
  'help.quoting':
    '关键词或姓名含空格时请加引号：`/risk "Acme Trading Co Ltd" 张德洲`、`/risk 江苏德洲 "John Smith"`。',
  'help.examples':
    '*示例*：\n`/risk "江苏德洲实业有限公司" 张德洲 失信`（单个来源）\n`/risk 江苏德洲实业有限公司 张德洲`（全部来源，显示概览）',
  'help.types':
    '*类型（可选）*：\n• `1 失信 dishonest`：失信被执行人\n• `2 被执行 enforced`：被执行人\n• `3 限制消费 限消 restricted`：限制消费令\n• `all 全部`：全部来源，显示概览（默认）',
  'help.watch':
    '*监控*某人：`/risk watch <keyword> <realname> [type]`（或在结果上点击“*监控*”）会按计划重新核查，只在有变化时通知您。`/risk watches` 列出您的监控及其费用。',
  'help.form': '只输入 `/risk` 会打开填写表单。',
  'help.finance': '查询经济能力评级请使用 `/finance`。',
  'help.fallback': '/risk 用法：/risk <keyword> <realname> [type]，或只输入 /risk 打开表单。',
  'help.audit':
    '*审计人员*：`/risk audit [from] [to] [member]` 会把审计记录以 CSV 和 Excel 文件发送到您与本应用的私信中：日期格式为 YYYY-MM-DD（北京时间，含首尾两天；默认最近 30 天，最多 366 天）；member 可用提及或成员 ID（如 U0123ABCD），只导出该成员的查询。',

  'usage.unclosed_quote': '引号未闭合。',
  'usage.unclosed_quote.fix': '请在企业名称后补上右引号。',
  'usage.missing_realname': '缺少人员姓名。',
  'usage.missing_realname.fix': '请先输入企业关键词，再输入人员全名。',
  'usage.too_many_words': '参数过多：只需输入关键词、姓名和类型（可选）。',
  'usage.too_many_words.fix': '企业名称或姓名含空格时请加引号。',
  'usage.try': '可以试试 `{command}`。',
  'usage.quote_name.fix': '如果“{name}”是人员姓名，请加引号：`{command}`。',
  'usage.unknown_type': '“{word}”不是有效的类型。',
  'usage.unknown_type.noWord': '第三个词不是有效的类型。',
  'usage.unknown_type.fix':
    '请使用 `1 失信 dishonest`、`2 被执行 enforced`、`3 限制消费 限消 restricted`、`all 全部` 之一，或省略类型以查询全部来源。',
  'usage.keyword_too_long': '关键词过长。',
  'usage.keyword_too_long.fix': '请改用企业的统一社会信用代码、注册号或较短的企业名称。',
  'usage.keyword_is_personal_id': '关键词看起来是身份证号或手机号，/risk 不支持按身份证号或手机号查询。',
  'usage.keyword_is_personal_id.fix':
    '请填写人员关联的企业（名称、注册号或统一社会信用代码）。查询个人经济能力评级请使用 `/finance`。',
  'usage.keyword_uscc_checksum.replace':
    '该统一社会信用代码校验不通过：第 {position} 位可能应为“{expected}”，而不是“{found}”。',
  'usage.keyword_uscc_checksum.swap':
    '该统一社会信用代码校验不通过：第 {position} 位和第 {next} 位（“{first}”和“{second}”）可能颠倒了。',
  'usage.keyword_uscc_checksum.recopy':
    '该统一社会信用代码校验不通过：第 18 位校验码与前 17 位不符，至少有一位输入有误。',
  'usage.keyword_uscc_checksum.fix':
    '请从营业执照重新复制代码并逐位核对（改正后的代码也可能属于另一家企业），或按企业名称查询。',
  'usage.realname_invalid': '人员姓名无效：{detail}',
  'usage.realname_invalid.fix': '请填写与身份证一致的全名。',
  'usage.example': '示例：`/risk "江苏德洲实业有限公司" 张德洲 失信`',
  'usage.moreHelp': '输入 `/risk help` 查看全部用法。',

  'audit.period': '{from} 至 {to}',
  'audit.period.user': '{from} 至 {to}，查询人 <@{user}>',
  'audit.count.one': '1 条查询',
  'audit.count.other': '{count} 条查询',
  'audit.preparing': ':hourglass_flowing_sand: 正在准备审计导出（{period}）……',
  'audit.done':
    ':white_check_mark: 审计导出（{period}，共 {count}）已发送到您与本应用的私信：{files}。文件含未脱敏的个人信息，请仅在审计需要期间保留，切勿转发。',
  'audit.empty': '没有可导出的查询记录（{period}），未生成文件。',
  'audit.fileComment':
    '审计导出：{period}，共 {count}（日期按北京时间，含首尾两天）。含未脱敏的个人信息，切勿转发。',
  'audit.usage.date_format': '“{word}”不是 YYYY-MM-DD 格式的日期。',
  'audit.usage.date_format.noWord': '有一个日期不是 YYYY-MM-DD 格式。',
  'audit.usage.date_impossible': '日历上没有 {word} 这一天。',
  'audit.usage.date_impossible.noWord': '有一个日期在日历上不存在。',
  'audit.usage.range_reversed': '开始日期 {from} 晚于结束日期 {to}。',
  'audit.usage.range_too_long': '{from} 至 {to} 共 {days} 天，一次导出最多 {max} 天。',
  'audit.usage.user_handle': '“{word}”是显示名称，不是成员 ID：名称会变化、也可能重名，因此只按 ID 筛选。',
  'audit.usage.user_handle.noWord': '这是显示名称，不是成员 ID：名称会变化、也可能重名，因此只按 ID 筛选。',
  'audit.usage.unknown_word': '“{word}”既不是日期（YYYY-MM-DD），也不是成员。',
  'audit.usage.unknown_word.noWord': '有一个词既不是日期（YYYY-MM-DD），也不是成员。',
  'audit.usage.too_many_words': '最多填写两个日期和一个成员。',
  'audit.usage.fix.dates': '日期请写成 YYYY-MM-DD，开始日期在前：`/risk audit 2026-11-01 2026-11-30`。',
  'audit.usage.fix.order': '请把较早的日期放在前面：`/risk audit {to} {from}`。',
  'audit.usage.fix.split': '请缩短导出区间，例如每次导出一个季度：`/risk audit 2026-10-01 2026-12-31`。',
  'audit.usage.fix.member':
    '请改用成员 ID（对方个人资料 → ⋯ → 复制成员 ID），例如 `/risk audit 2026-11-01 2026-11-30 U0123ABCD`。',
  'audit.usage.syntax':
    '用法：`/risk audit [from] [to] [member]`：日期格式 YYYY-MM-DD（北京时间，含首尾两天；默认最近 30 天）；member 可用提及或成员 ID（如 U0123ABCD）。',

  'validation.idcard_length': '身份证号为 18 位，请检查是否多输或漏输。',
  'validation.idcard_15_digit': '这是旧版 15 位身份证号，请输入现行身份证上的 18 位号码。',
  'validation.idcard_chars': '只能输入数字，最后一位可以是 X。',
  'validation.idcard_birth_date': '第 7–14 位是出生日期（yyyyMMdd），但这几位不是有效的过去日期，请检查。',
  'validation.idcard_checksum': '最后一位校验码与前 17 位不符，说明有输错的字符，请对照证件检查。',
  'validation.idcard_region': '号码开头不是有效的地区代码，请检查前几位。',
  'validation.uscc_length': '统一社会信用代码为 18 位，请检查是否多输或漏输。',
  'validation.uscc_chars': '统一社会信用代码由数字和大写字母组成（不含 I、O、Z、S、V），请检查。',
  'validation.uscc_checksum': '统一社会信用代码的最后一位（校验码）与前 17 位不符，请检查是否输错。',
  'validation.mobile_format': '请输入以 1 开头的 11 位中国大陆手机号（可带 +86 前缀、空格或短横线）。',
  'validation.name_empty': '请填写与身份证一致的全名。',
  'validation.name_chars': '请使用汉字（译名各部分之间用 · 分隔），没有中文名时可用拉丁字母。',
  'validation.name_dots': '间隔号（·）只能单个使用，且只能位于姓名各部分之间。',
  'validation.name_length': '姓名过短或过长，请填写与身份证一致的全名。',
  'validation.keyword_too_long': '关键词过长（最多 200 个字符），请改用企业的统一社会信用代码或注册号。',
  'validation.keyword_is_personal_id':
    '这看起来是身份证号或手机号。请填写人员关联的企业；查询个人评级请使用 /finance。',
  'validation.keyword_uscc_checksum':
    '该统一社会信用代码校验不通过：第 18 位校验码不符，请从营业执照重新复制。',
  'validation.keyword_uscc_checksum.replace':
    '该统一社会信用代码校验不通过：第 {position} 位可能应为“{expected}”，而不是“{found}”。请对照营业执照核对。',
  'validation.keyword_uscc_checksum.swap':
    '该统一社会信用代码校验不通过：第 {position} 位和第 {next} 位（“{first}”和“{second}”）可能颠倒了。请对照营业执照核对。',
  'validation.unknown_type': '请从列出的来源中选择。',
  'validation.purpose_too_short': '请用几个字说明查询目的（至少 5 个字符）。',
  'validation.purpose_too_long': '查询目的请不要超过 500 个字符。',
  'validation.required': '此项为必填项。',
  'validation.consent_required': '请勾选以确认已获同意或具备合法依据，否则无法查询。',
  'validation.invalid': '请检查此项后重试。',

  'error.query': '查询：{name} · {keyword} · {source}',
  'error.query.finance': '查询：{name} · 经济能力评级',
  'error.query.page': '{source}第 {page} 页',
  'button.retry': '重试',
  'error.title.risk': '风险核查未完成',
  'error.title.finance': '经济能力评级查询未完成',
  'error.input': '聚合数据拒绝了此次查询。请检查企业关键词和人员姓名后重试。',
  'error.input.idcard': '聚合数据提示身份证号格式有误。请检查号码后重试。',
  'error.input.name': '聚合数据提示姓名格式有误。请填写与身份证一致的全名后重试。',
  'error.input.mobile': '聚合数据提示手机号格式有误。请检查号码后重试。',
  'error.not_found': '该来源无记录。',
  'error.quota': '已达到聚合数据的查询次数限制。请稍后再试，或请 Slack 管理员检查聚合数据套餐。',
  'error.misconfigured': '本应用的该项聚合数据服务配置有误，请告知 Slack 管理员。',
  'error.upstream_unavailable': '聚合数据暂时无法完成查询。请几分钟后再试。',
  'error.maintenance': '聚合数据接口维护中，暂不可用。请稍后再试。',
  'error.upstream_invalid': '聚合数据返回了无法识别的结果。请重试；如持续出现，请告知 Slack 管理员。',
  'error.timeout': '聚合数据未能及时响应，请重试。',
  'error.network': '因网络问题无法连接聚合数据，请稍后重试。',
  'error.code': '聚合数据错误码 {code}',
  'error.titled': '{title}：{text}',
  'error.titleWithQuery': '{title}（{query}）',
  'error.unexpected': '出现问题（参考编号 {ref}）。请重试；如持续出现，请将此编号告知 Slack 管理员。',
  'lookup.interrupted':
    '此次查询在聚合数据返回结果之前被中断（应用已重启）。聚合数据可能已计费，审计记录中记为“已中断”。如仍需要结果，请重新查询。',
  'record.unavailable':
    '未进行查询，也未产生费用：合规记录暂时无法写入，没有记录就不会查询。请几分钟后重试；如持续出现，请将参考编号 {ref} 告知 Slack 管理员。',
  'stale.text': '此按钮已失效：所在消息较旧，或按钮已被更改。请重新运行 `/risk` 获取最新结果。',
  'refusal.text': '抱歉，您未获授权使用{service}。请联系合规负责人或 Slack 管理员将您加入授权名单。',
  'refusal.audit':
    '抱歉，只有审计人员可以导出审计记录（`/risk audit`）。请联系 Slack 管理员将您的成员 ID 加入 AUDITOR_USER_IDS。',
  'api.risk': '风险核查',
  'api.finance': '经济能力评级查询',
  'notInChannel.text':
    '我不在 <#{channel}> 中。请使用 `/invite @Juhe Risk` 邀请我后重新运行命令，或在我已加入的频道中使用。',
  'notInChannel.finance':
    '评级结果已显示在您提交的表单中，但我不在 <#{channel}> 中，无法在该频道发布脱敏副本。请用 `/invite @Juhe Risk` 邀请我加入，以便下次发布；本次无需重新查询。',

  'modal.risk.title': '风险核查',
  'modal.risk.submit': '查询',
  'modal.cancel': '取消',
  'modal.close': '关闭',
  'modal.done': '完成',
  'modal.risk.intro': '查询某人在聚合数据中的失信、被执行和限制消费记录。',
  'modal.keyword.label': '关联企业',
  'modal.keyword.hint': '企业名称、注册号、统一社会信用代码或 KeyNo。',
  'modal.keyword.placeholder': '例如：江苏德洲实业有限公司',
  'modal.realname.label': '人员姓名',
  'modal.realname.hint': '与身份证一致。',
  'modal.realname.placeholder': '例如：张德洲',
  'modal.type.label': '核查范围',
  'modal.type.all': '全部来源（概览）',

  'modal.finance.title': '经济能力评级',
  'modal.finance.submit': '查询',
  'modal.finance.intro':
    '查询聚合数据的经济能力评级（基于社保数据）。身份证号和手机号属于敏感个人信息，仅发送给聚合数据，显示时一律脱敏。',
  'modal.idcard.label': '身份证号',
  'modal.idcard.hint': '18 位，最后一位可以是 X。',
  'modal.mobile.label': '手机号',
  'modal.mobile.hint': '11 位中国大陆手机号码。',
  'modal.purpose.label': '查询目的',
  'modal.purpose.hint':
    '请说明查询原因，例如 KYC 审核编号。查询目的将与您的 Slack 用户 ID 一并记入审计日志。',
  'modal.consent.label': '授权确认',
  'modal.consent.option': '我确认已取得被查询人同意，或本次查询具备其他合法依据',
  'modal.consent.description': '依据《个人信息保护法》，此项必填；确认情况将记入审计日志。',

  'loading.title': '请稍候',
  'loading.finance': ':hourglass_flowing_sand: 正在查询经济能力评级……',

  'finance.header': '经济能力评级',
  'finance.parent.intro': ':bar_chart: <@{user}> 查询了一项经济能力评级，脱敏后的结果见消息串。',
  'finance.parent.fallback': '<@{user}> 查询了{name}的经济能力评级，脱敏后的结果见消息串。',
  'finance.errorTitle': '查询失败',
  'finance.identity.name': '姓名：{name}',
  'finance.identity.idcard': '身份证号：{idcard}',
  'finance.identity.mobile': '手机号：{mobile}',
  'finance.scaleNote': '色块条表示结果位于该指标的第几个区间（从左到右由低到高），填充越多，区间越高。',
  'finance.unrecognisedAdvice':
    ':warning: 上方有评分无法识别，因此未作解读。请联系 Slack 管理员核查本应用接入的聚合数据“经济能力评级”产品的订阅及版本，并提供下方订单号：审计记录中保存了此次查询聚合数据返回的原始值。',
  'finance.unrecognisedAdvice.noOrder':
    ':warning: 上方有评分无法识别，因此未作解读。请联系 Slack 管理员核查本应用接入的聚合数据“经济能力评级”产品的订阅及版本，并提供下方的查询时间和查询人：审计记录中保存了此次查询聚合数据返回的原始值。',
  'finance.fallback': '{name}的经济能力评级：{bands}',
  'finance.fallbackBand': '{label}：{value}',
  'finance.fallbackSeparator': '；',
  'rating.range.label': '预测金融能力',
  'rating.history.label': '历史属性指数',
  'rating.stability.label': '近期稳定指数',
  'rating.range.measures': '指标含义：聚合数据根据社保数据预测的个人月收入水平（单位：元）。',
  'rating.history.measures': '指标含义：聚合数据预测的个人社保缴纳历史时长（单位：月）。',
  'rating.stability.measures': '指标含义：聚合数据预测的个人近期社保连续缴纳时长（单位：月，最长 24 个月）。',
  'rating.range.short': '金融能力',
  'rating.history.short': '历史属性',
  'rating.stability.short': '近期稳定',
  'rating.unit.cny': '元',
  'rating.unit.months': '个月',
  'rating.interval.upTo': '{upper} {unit}（含）以下',
  'rating.interval.openClosed': '{lower}（不含）至 {upper} {unit}（含）',
  'rating.interval.open': '{lower}（不含）至 {upper} {unit}（不含）',
  'rating.interval.closed': '{lower}（含）至 {upper} {unit}（含）',
  'rating.interval.closedOpen': '{lower}（含）至 {upper} {unit}（不含）',
  'rating.interval.above': '{lower} {unit}（不含）以上',
  'rating.interval.atLeast': '{lower} {unit}（含）以上',
  'rating.interval.exactly': '{value} {unit}',
  'rating.score': '评分 {score}',
  'rating.unpredictable': '无法预测（评分 0）',
  'rating.unrecognised': '无法识别的评分“{raw}”',
  'rating.missing': '聚合数据未返回评分',

  'button.watch': '监控',
  'button.stopWatching': '停止监控',
  'button.renewWatch': '续期 {days} 天',
  'button.acknowledge': '确认已阅',
  'button.openCurrent': '查看当前结果',
  'field.caseNo': '案号',
  'field.court': '法院',
  'field.published': '发布日期',
  'field.person': '当事人',
  'field.fulfilment': '履行情况',
  'field.amount': '执行标的',
  'field.order': '措施',
  'field.other': '详情',
  'field.empty': '（无）',
  'watch.subject': '{name} · {keyword} · {sources}',
  'modal.watch.title': '监控对象',
  'modal.watch.submit': '开始监控',
  'modal.watch.intro':
    '本应用会按计划重新核查此对象，只在有变化时通知您：新增记录、移除记录（如还款后撤销的失信记录）或记录有变更。没有变化就没有消息。',
  'modal.watch.type.label': '监控来源',
  'modal.watch.purpose.label': '监控目的',
  'modal.watch.purpose.hint': '为何需要持续核查此人，例如“在约供应商，年度复核”。加密保存在审计记录中。',
  'modal.watch.alertsToThread': '提醒发送到此结果所在的消息列（<#{channel}>）。',
  'modal.watch.alertsToDm': '提醒发送到您与本应用的私信。',
  'watch.cost':
    '*费用*：每次核查向聚合数据查询 {calls} 次，其中 {billed} 次计费（无记录的来源不计费）。按计划（`{schedule}`，北京时间）每月核查 {checks} 次，约 {monthly} 次计费调用。',
  'watch.cost.atLeast':
    '*费用*：每次核查至少向聚合数据查询 {calls} 次（每个来源每页一次），其中至少 {billed} 次计费。按计划（`{schedule}`，北京时间）每月核查 {checks} 次，至少 {monthly} 次计费调用。首次核查后可知确切次数。',
  'watch.ends': '除非续期，监控将于 {date} 结束；到期前一周会提醒您。',
  'watch.started.title': '监控中',
  'watch.started':
    '*已开始监控*{subject}。\n首次核查现在进行，并建立基线；之后按计划核查（下次：北京时间 {next}）。',
  'watch.duplicate':
    '您已在监控此人与此关键词（{sources}）。如需更改来源，请先在 `/risk watches` 中停止该监控。',
  'watch.list.header': '您的监控',
  'watch.list.none':
    '您目前没有监控对象。请在结果上点击“*监控*”，或使用 `/risk watch <keyword> <realname> [type]`。',
  'watch.list.entry':
    '{subject}\n下次核查北京时间 {next} · 上次变化 {lastChange} · 结束于 {ends}\n上次核查：{counts}',
  'watch.list.noBaseline': '尚未核查',
  'watch.list.noChange': '暂无',
  'watch.list.total':
    '合计：每轮核查 {calls} 次聚合数据查询，{billed} 次计费；按计划（`{schedule}`，北京时间）每月约 {monthly} 次计费调用。',
  'watch.list.more': '……另有 {count} 个监控：请查看本应用的主页标签。',
  'watch.list.fallback': '您的监控：{count} 个',
  'watch.stopped': '已停止监控{subject}。此后不再核查，也不再计费。',
  'watch.notActive': '该监控已结束，未做任何更改。',
  'watch.notYours': '只有发起此监控的分析员可以更改它。',
  'watch.renewed': '已续期：{subject}的监控现于 {date} 结束。',
  'alert.header': '监控对象有变化',
  'alert.added': '*新增记录* · {type}',
  'alert.removed': '*移除记录* · {type}：已不在聚合数据的返回中（如还款后撤销）',
  'alert.changed': '*记录有变更* · {type}：{caseNo}',
  'alert.fieldChange': '{field}：{from} → {to}',
  'alert.summary': '新增 {added} · 移除 {removed} · 变更 {changed}',
  'alert.checked': '核查于北京时间 {time}，与北京时间 {previous} 的核查比较。',
  'alert.truncated': '{type}只比较前 {pages} 页。',
  'alert.more': '……另有 {count} 项变化未能显示：请查看当前结果以了解全部记录。',
  'alert.acknowledged': ':white_check_mark: 已由 <@{user}> 于北京时间 {time} 确认',
  'alert.fallback': '监控对象有变化：{name}（{keyword}）：{summary}',
  'notice.expiryWarning': ':hourglass: 您对{subject}的监控将于 {date} 结束。续期可再监控 {days} 天。',
  'notice.expired':
    '您对{subject}的监控已于 {date} 结束（自开始或上次续期起 {days} 天）。如需继续，请重新开始监控。',
  'notice.checkFailed':
    '{subject}的计划核查失败。{error}\n监控仍然有效，下次核查在北京时间 {next}。此失败不会再次通知您，除非情况有变。',
  'home.header': '聚合风险',
  'home.intro': '您的查询、监控和提醒。只有您能看到此标签。',
  'home.queries.title': '您最近的查询',
  'home.queries.none': '还没有查询。可在任意频道使用 `/risk` 或 `/finance`。',
  'home.query': '北京时间 {time} · {api} · {subject} · {outcome}',
  'home.api.risk': '风险核查（{scope}）',
  'home.api.finance': '经济能力评级',
  'home.api.watch': '监控',
  'home.api.audit_export': '审计导出',
  'home.outcome.records': '已返回',
  'home.outcome.noRecords': '无记录',
  'home.outcome.refused': '已拒绝',
  'home.outcome.other': '{code}',
  'home.button.reopen': '再次查询',
  'home.unreadableInput': '（无法使用的输入，不予显示）',
  'home.watches.title': '您的监控',
  'home.watches.more': '……另有 {count} 个监控：`/risk watches` 会全部列出。',
  'home.alerts.title': '未确认的提醒',
  'home.alerts.none': '没有未确认的提醒。',
  'home.alert': '北京时间 {time} · {subject} · {summary}',
  'home.audit.title': '审计导出',
  'home.audit.body': '最近 30 天的审计记录（CSV 与 XLSX），发送到您与本应用的私信。',
  'home.button.auditExport': '导出最近 30 天',
  // budgets
  'budget.title': '已达到聚合数据调用预算',
  'budget.name.user_daily': '您的每日预算',
  'budget.name.team_monthly': '本工作区的每月预算',
  'budget.refused':
    '本次需要 {needed} 次计费的聚合数据调用，{budget}共 {limit} 次，剩余 {left} 次。将于北京时间 {resets} 重置。',
  'budget.fallback': '{title}：{text}',
  'budget.nothingBilled': '未进行任何查询，也未产生任何费用。',
  'home.usage.title': '聚合数据用量',
  'home.usage.today':
    '今天：已用 *{used}* 次计费调用，共 {limit} 次（剩余 {left} 次；北京时间 {resets} 重置）',
  'home.usage.todayUnlimited': '今天：已用 *{used}* 次计费调用（未设每日预算）',
  'home.usage.month': '本月：已用 *{used}* 次计费调用',
  'home.usage.team':
    '本工作区本月：已用 *{used}* 次计费调用，共 {limit} 次（剩余 {left} 次；北京时间 {resets} 重置）',
  'home.usage.teamUnlimited': '本工作区本月：已用 *{used}* 次计费调用（未设每月预算）',
  'home.usage.byUser': '<@{user}>：{calls}',
  'home.usage.byUserNone': '本月尚无计费调用。',
  'home.usage.byUserMore': '……另有 {count} 人。',
};
