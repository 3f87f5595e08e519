/**
 * Slack's escaping of text people type: in slash-command text and in message text it sends `&`, `<`
 * and `>` as `&amp;`, `&lt;` and `&gt;` (Slack's formatting docs), so apps must decode them.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
