/** Types for mrkdwn.js (plain JS served to the browser, imported by Node tests). */
export interface MentionNames {
  userName?: (id: string) => string | undefined;
  channelName?: (id: string) => string | undefined;
}
export function escapeHtml(text: unknown): string;
export function renderPlainText(text: string | undefined, emoji?: boolean): string;
export function renderMrkdwn(text: string | undefined, names?: MentionNames): string;
