/** Types for strings.js (plain JS served to the browser, imported by the server and Node tests). */
import type { Locale } from '../../../i18n/catalog.js';

/** Every key of both tables; strings.test.ts checks this list against the tables themselves. */
export type WorkbenchStringKey =
  | 'page.title'
  | 'topbar.title'
  | 'topbar.signedInAs'
  | 'sidebar.channels'
  | 'sidebar.dms'
  | 'sidebar.help'
  | 'sidebar.apps'
  | 'sidebar.home'
  | 'home.tabs'
  | 'home.tab.home'
  | 'home.tab.messages'
  | 'home.note'
  | 'home.empty'
  | 'localTools.title'
  | 'localTools.note'
  | 'localTools.watchCycle'
  | 'localTools.sandboxAdvance'
  | 'localTools.watchCycle.done.one'
  | 'localTools.watchCycle.done.other'
  | 'localTools.sandboxAdvance.done'
  | 'localTools.notAvailable'
  | 'localTools.failed'
  | 'message.appBadge'
  | 'sidebar.complianceTag'
  | 'sidebar.complianceTagTitle'
  | 'channel.none'
  | 'channel.dmNote'
  | 'channel.complianceNote'
  | 'channel.privateNote'
  | 'channel.notMemberNote'
  | 'channel.beginning'
  | 'channel.dmBeginning'
  | 'composer.label'
  | 'composer.placeholder'
  | 'composer.send'
  | 'message.replies.one'
  | 'message.replies.other'
  | 'message.ephemeral'
  | 'message.edited'
  | 'message.moreActions'
  | 'message.fileDownload'
  | 'menu.shortcuts'
  | 'thread.label'
  | 'thread.close'
  | 'thread.reply'
  | 'thread.replyPlaceholder'
  | 'thread.sendReply'
  | 'modal.submit'
  | 'modal.cancel'
  | 'modal.close'
  | 'modal.submissionFailed'
  | 'violation.refused'
  | 'violation.overLimit'
  | 'toast.undelivered'
  | 'toast.drawFailed'
  | 'toast.fileType'
  | 'toast.fileTooLarge'
  | 'toast.tooManyFiles'
  | 'toast.uploadFailed'
  | 'blockKit.unsupported.block'
  | 'blockKit.unsupported.element'
  | 'blockKit.imagesNotLoaded'
  | 'blockKit.optional'
  | 'blockKit.selectPlaceholder'
  | 'blockKit.fileInput.choose'
  | 'blockKit.fileInput.types'
  | 'blockKit.fileInput.remove'
  | 'slackbot.invalidCommand'
  | 'slackbot.commandFailed';

export type WorkbenchLocale = Locale;

export const WORKBENCH_LOCALES: readonly WorkbenchLocale[];
export const WORKBENCH_STRINGS: Readonly<
  Record<WorkbenchLocale, Readonly<Record<WorkbenchStringKey, string>>>
>;
export function workbenchLocale(value: string | null | undefined): WorkbenchLocale;
export function workbenchText(
  locale: string | null | undefined,
  key: WorkbenchStringKey,
  params?: Readonly<Record<string, string | number>>,
): string;
export function spaceBetween(left: string, right: string): '' | ' ';
