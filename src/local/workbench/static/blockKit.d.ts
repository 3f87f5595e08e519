/** Types for blockKit.js (plain JS served to the browser, imported by Node tests). */
import type { MentionNames } from './mrkdwn.js';

export interface RenderContext {
  names?: MentionNames;
  /** view.state.values: what the person typed */
  values?: Record<string, Record<string, unknown>>;
  /** response_action "errors", keyed by block_id */
  errors?: Record<string, string>;
  idPrefix?: string;
  /** the workbench's own words (select placeholder, "(optional)"): 'en' (default) or 'zh-CN' */
  locale?: string;
  /** a file picked in a file_input, by id (what the page uploaded): its name and size to show */
  fileInfo?: (id: string) => { id: string; name: string; size?: number } | undefined;
}
export function renderText(text: unknown, ctx?: RenderContext): string;
export function renderBlocks(blocks: unknown, ctx?: RenderContext): string;
export function formatSize(bytes: unknown): string;
export function renderFileList(
  files: Array<{ id: string; name: string; size?: number }>,
  locale?: string,
): string;
