/**
 * Slack emoji shortcodes → Unicode, for the ones the app's messages use (grep src/i18n for `:[a-z_]+:`)
 * plus common neighbours. Unknown shortcodes stay as typed, like Slack shows a missing custom emoji.
 */
export const EMOJI = Object.freeze({
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  mag: '🔍',
  mag_right: '🔎',
  test_tube: '🧪',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  x: '❌',
  lock: '🔒',
  closed_lock_with_key: '🔐',
  key: '🔑',
  information_source: 'ℹ️',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  page_facing_up: '📄',
  clipboard: '📋',
  memo: '📝',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  moneybag: '💰',
  bank: '🏦',
  office: '🏢',
  scales: '⚖️',
  calendar: '📅',
  date: '📅',
  arrow_left: '⬅️',
  arrow_right: '➡️',
  arrow_forward: '▶️',
  arrow_backward: '◀️',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  white_circle: '⚪',
  eyes: '👀',
  bulb: '💡',
  rotating_light: '🚨',
  shield: '🛡️',
  id: '🆔',
  iphone: '📱',
  link: '🔗',
  thread: '🧵',
  speech_balloon: '💬',
  question: '❓',
  exclamation: '❗',
  heavy_exclamation_mark: '❗',
  robot_face: '🤖',
  construction: '🚧',
  gear: '⚙️',
  tada: '🎉',
  '+1': '👍',
  thumbsup: '👍',
});

const SHORTCODE = /:([a-z0-9_+-]+):/g;

/** Replaces known shortcodes; safe on already-escaped HTML (shortcodes hold no markup characters). */
export function emojify(text) {
  return text.replace(SHORTCODE, (whole, name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name] : whole));
}
