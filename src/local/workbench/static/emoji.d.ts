/** Types for emoji.js (plain JS served to the browser, imported by Node tests). */
export const EMOJI: Readonly<Record<string, string>>;
export function emojify(text: string): string;
