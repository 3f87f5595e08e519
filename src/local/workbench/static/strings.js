/**
 * The workbench's own words: the Slack client around the app's messages (sidebar, composer, thread pane,
 * modal buttons, Block Kit defaults, Slackbot's notices), in each locale the app speaks. The app's own
 * messages come from src/i18n; these are what Slack itself would show, so zh-CN uses the terms of Slack's
 * Simplified Chinese interface (频道, 私信, 消息列, 仅你可见, 应用, 主页) and, like it, addresses the reader as 你;
 * the local tools use the app's own words (监控, 核查, 沙盒数据).
 * Typography follows src/i18n/zh-CN.ts: full-width punctuation without spaces beside it, a space between
 * Chinese and Latin or digits.
 *
 * Plain JS, served to the browser as /strings.js and imported by the server and Node tests through
 * strings.d.ts. Every string is plain text: callers escape it (and its parameters) for HTML.
 */

export const WORKBENCH_LOCALES = ['en', 'zh-CN'];

export const WORKBENCH_STRINGS = {
  en: {
    'page.title': 'Juhe Risk — local workbench',
    'topbar.title': 'Local workbench · fake Slack, real app',
    'topbar.signedInAs': 'Signed in as',
    'sidebar.channels': 'Channels',
    'sidebar.dms': 'Direct messages',
    'sidebar.help': 'Try {risk1}, {risk2} in #compliance-screening, {finance}, or {help}.',
    'sidebar.apps': 'Apps',
    'sidebar.home': 'Home',
    'home.tabs': 'App Home',
    'home.tab.home': 'Home',
    'home.tab.messages': 'Messages',
    'home.note': 'The app’s Home tab, as it published it for you',
    'home.empty': 'Nothing published yet',
    'localTools.title': 'Local tools',
    'localTools.note': 'Only in this local workbench',
    'localTools.watchCycle': 'Run watch cycle now',
    'localTools.sandboxAdvance': 'Advance sandbox data',
    'localTools.watchCycle.done.one': 'Checked {count} watch',
    'localTools.watchCycle.done.other': 'Checked {count} watches',
    'localTools.sandboxAdvance.done': 'Sandbox data generation {generation}',
    'localTools.notAvailable': 'Not available in this run',
    'localTools.failed': 'That did not work: {error}',
    'message.appBadge': 'APP',
    'sidebar.complianceTag': 'compliance',
    'sidebar.complianceTagTitle': 'compliance channel: results in threads',
    'channel.none': 'No channels',
    'channel.dmNote': 'Direct message with the app',
    'channel.complianceNote': 'Compliance channel: a visible summary here, details in its thread',
    'channel.privateNote': 'Results here are only visible to you',
    'channel.notMemberNote': 'The app is not a member of this channel',
    'channel.beginning': 'This is the very beginning of #{name}.',
    'channel.dmBeginning': 'This is the very beginning of your direct messages with {app}.',
    'composer.label': 'Message',
    'composer.placeholder': 'Message {target} — try /risk 江苏 张德洲 1',
    'composer.send': 'Send',
    'message.replies.one': '{count} reply',
    'message.replies.other': '{count} replies',
    'message.ephemeral': 'Only visible to you',
    'message.edited': '(edited)',
    'message.moreActions': 'More actions',
    'message.fileDownload': 'Download',
    'menu.shortcuts': 'Shortcuts',
    'thread.label': 'Thread',
    'thread.close': 'Close thread',
    'thread.reply': 'Reply',
    'thread.replyPlaceholder': 'Reply…',
    'thread.sendReply': 'Send reply',
    'modal.submit': 'Submit',
    'modal.cancel': 'Cancel',
    'modal.close': 'Close',
    'modal.submissionFailed': 'We had some trouble connecting. Try again?',
    'violation.refused': 'Slack would refuse ({method}):',
    'violation.overLimit': 'Over a Slack limit ({method}):',
    'toast.undelivered': 'Slack could not deliver that: {error}',
    'toast.drawFailed': 'The workbench could not draw this: {error}',
    'toast.fileType': '{name} is not an accepted file type ({types})',
    'toast.fileTooLarge': '{name} is larger than 10 MB',
    'toast.tooManyFiles': 'At most {count} files here',
    'toast.uploadFailed': 'Could not upload {name}: {error}',
    'blockKit.unsupported.block': 'Unsupported block in the workbench: {type}',
    'blockKit.unsupported.element': 'Unsupported element in the workbench: {type}',
    'blockKit.imagesNotLoaded': 'images are not loaded in the workbench',
    'blockKit.optional': '(optional)',
    'blockKit.selectPlaceholder': 'Select an item',
    'blockKit.fileInput.choose': 'Upload from your computer',
    'blockKit.fileInput.types': 'Accepted file types: {types}',
    'blockKit.fileInput.remove': 'Remove {name}',
    'slackbot.invalidCommand':
      '{command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.',
    'slackbot.commandFailed': '{command} failed with the error "{error}"',
  },
  'zh-CN': {
    'page.title': 'Juhe Risk — 本地工作台',
    'topbar.title': '本地工作台 · 模拟 Slack，真实应用',
    'topbar.signedInAs': '当前身份',
    'sidebar.channels': '频道',
    'sidebar.dms': '私信',
    'sidebar.help': '试试 {risk1}，在 #compliance-screening 中试试 {risk2}，还有 {finance} 和 {help}。',
    'sidebar.apps': '应用',
    'sidebar.home': '主页',
    'home.tabs': '应用主页',
    'home.tab.home': '主页',
    'home.tab.messages': '消息',
    'home.note': '应用为你发布的主页',
    'home.empty': '尚未发布任何内容',
    'localTools.title': '本地工具',
    'localTools.note': '仅在本地工作台中提供',
    'localTools.watchCycle': '立即运行一轮监控核查',
    'localTools.sandboxAdvance': '推进沙盒数据',
    'localTools.watchCycle.done.one': '已核查 {count} 项监控',
    'localTools.watchCycle.done.other': '已核查 {count} 项监控',
    'localTools.sandboxAdvance.done': '沙盒数据第 {generation} 代',
    'localTools.notAvailable': '本次运行未提供此工具',
    'localTools.failed': '操作失败：{error}',
    'message.appBadge': '应用',
    'sidebar.complianceTag': '合规',
    'sidebar.complianceTagTitle': '合规频道：结果发在消息列中',
    'channel.none': '没有频道',
    'channel.dmNote': '与应用的私信',
    'channel.complianceNote': '合规频道：此处显示摘要，详情在消息列中',
    'channel.privateNote': '此处的结果仅你可见',
    'channel.notMemberNote': '应用不是此频道的成员',
    'channel.beginning': '这是 #{name} 频道的开头。',
    'channel.dmBeginning': '这是你与 {app} 私信的开头。',
    'composer.label': '消息',
    'composer.placeholder': '发送消息至 {target}，试试 /risk 江苏 张德洲 1',
    'composer.send': '发送',
    'message.replies.one': '{count} 条回复',
    'message.replies.other': '{count} 条回复',
    'message.ephemeral': '仅你可见',
    'message.edited': '（已编辑）',
    'message.moreActions': '更多操作',
    'message.fileDownload': '下载',
    'menu.shortcuts': '快捷方式',
    'thread.label': '消息列',
    'thread.close': '关闭消息列',
    'thread.reply': '回复',
    'thread.replyPlaceholder': '回复……',
    'thread.sendReply': '发送回复',
    'modal.submit': '提交',
    'modal.cancel': '取消',
    'modal.close': '关闭',
    'modal.submissionFailed': '连接时出现问题，请重试。',
    'violation.refused': 'Slack 会拒绝（{method}）：',
    'violation.overLimit': '超出 Slack 限制（{method}）：',
    'toast.undelivered': 'Slack 未能送达：{error}',
    'toast.drawFailed': '工作台无法显示此内容：{error}',
    'toast.fileType': '{name} 不是可接受的文件类型（{types}）',
    'toast.fileTooLarge': '{name} 超过 10 MB',
    'toast.tooManyFiles': '此处最多可上传 {count} 个文件',
    'toast.uploadFailed': '无法上传 {name}：{error}',
    'blockKit.unsupported.block': '工作台不支持此区块：{type}',
    'blockKit.unsupported.element': '工作台不支持此元素：{type}',
    'blockKit.imagesNotLoaded': '工作台不加载图片',
    'blockKit.optional': '（可选）',
    'blockKit.selectPlaceholder': '选择一项',
    'blockKit.fileInput.choose': '从电脑上传',
    'blockKit.fileInput.types': '可接受的文件类型：{types}',
    'blockKit.fileInput.remove': '移除 {name}',
    'slackbot.invalidCommand': '{command} 不是有效的命令。在 Slack 中，以“/”开头的消息都会被当作命令。',
    'slackbot.commandFailed': '{command} 运行失败，错误为“{error}”',
  },
};

/** The page's `lang` (or LOCALE's parsed value) as one of the tables; anything else is English. */
export function workbenchLocale(value) {
  return value === 'zh-CN' ? 'zh-CN' : 'en';
}

/**
 * The text for `key` in `locale`, its `{name}` placeholders filled in one pass (a value holding `{…}` is
 * never expanded again). A key missing from the table shows as itself, so a typo is visible, not blank.
 */
export function workbenchText(locale, key, params = {}) {
  const table = WORKBENCH_STRINGS[workbenchLocale(locale)];
  const template = Object.hasOwn(table, key) ? table[key] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * What goes between two pieces of text: a space, or nothing where either side is full-width punctuation
 * (zh-CN writes 标签（可选） and 超出 Slack 限制（…）：详情 without spaces).
 */
export function spaceBetween(left, right) {
  return /[，。：；？！（）“”、]$/.test(left) || /^[，。：；？！（）“”、]/.test(right) ? '' : ' ';
}
