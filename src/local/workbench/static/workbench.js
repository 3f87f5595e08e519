import { formatSize, renderBlocks, renderFileList, renderText } from './blockKit.js';
import { escapeHtml, renderMrkdwn } from './mrkdwn.js';
import { spaceBetween, workbenchLocale, workbenchText } from './strings.js';

/**
 * The workbench page: draws the workspace snapshot the server sends and turns every click into a call
 * to /workbench/api/…, where it becomes the signed Slack request the real app receives.
 * All text from the app or from Juhe goes through escapeHtml / the Block Kit renderer.
 * The page's own words are in the app's locale, which the server writes into <html lang>.
 */

const LOCALE = workbenchLocale(document.documentElement.lang);
const say = (key, params) => workbenchText(LOCALE, key, params);
/** The commands the sidebar suggests, shown as code inside its sentence. */
const SIDEBAR_EXAMPLES = {
  risk1: '/risk 江苏 张德洲 1',
  risk2: '/risk 江苏 张德洲',
  finance: '/finance',
  help: '/risk help',
};

const API = '/workbench/api';
// The app's shortcut and commands as its manifest.yml names them: Slack shows an app's own words as written.
const SHORTCUTS = [{ callbackId: 'risk_check_message', name: 'Risk check' }];
const COMMAND_HINTS = [
  { command: '/risk', usage: '<company keyword> <name> [失信|被执行|限消|all] — or "help"' },
  { command: '/finance', usage: 'opens a form: name, 身份证, mobile, purpose, consent' },
];

const $ = (id) => document.getElementById(id);

const ui = {
  user: localStorage.getItem('workbench.user') || 'U0ANALYST',
  channel: localStorage.getItem('workbench.channel') || 'C0GENERAL',
  /** 'channel' (a conversation) or 'home' (the app's Home tab) */
  pane: localStorage.getItem('workbench.pane') === 'home' ? 'home' : 'channel',
  /** the parent ts of the open thread */
  thread: null,
  snapshot: null,
  /** what each pane was last drawn from, so unchanged panes keep their DOM (and what is typed in it) */
  drawn: { sidebar: '', messages: '', thread: '', modal: '', violations: '', home: '' },
  /** messages seen per channel, for unread marks */
  seen: {},
  /** files this page uploaded for a file_input, by id: their names and sizes for redraws */
  files: new Map(),
  /** uploads still under way; a submit waits for them, as Slack's Submit does */
  uploads: new Set(),
};

// ---------- talking to the server ----------

async function api(path, body) {
  const response = await fetch(`${API}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
  // Failures Slack shows in place (a Slackbot line, the modal's error banner) need no toast.
  if (!result.ok && !result.shownToUser) {
    showToast(say('toast.undelivered', { error: result.error ?? `HTTP ${response.status}` }));
  }
  return result;
}

let fetching = false;
let fetchAgain = false;

/** Fetches the snapshot for the current user and redraws; calls during a fetch fold into one more. */
async function refresh() {
  if (fetching) {
    fetchAgain = true;
    return;
  }
  fetching = true;
  let snapshot;
  try {
    const response = await fetch(`${API}/state?user=${encodeURIComponent(ui.user)}`, { cache: 'no-store' });
    if (response.ok) snapshot = await response.json();
  } catch {
    // the server restarted or went away; the event stream reconnects and triggers the next refresh
  } finally {
    fetching = false;
  }
  if (snapshot && snapshot.me === ui.user) {
    ui.snapshot = snapshot;
    try {
      render();
    } catch (error) {
      showToast(say('toast.drawFailed', { error: error instanceof Error ? error.message : String(error) }));
    }
  }
  if (fetchAgain) {
    fetchAgain = false;
    void refresh();
  }
}

function listen() {
  const events = new EventSource(`${API}/events`);
  events.addEventListener('change', () => void refresh());
  events.addEventListener('open', () => void refresh());
}

// ---------- names ----------

function userName(id) {
  if (id === 'USLACKBOT') return 'Slackbot';
  const user = ui.snapshot?.users.find((candidate) => candidate.id === id);
  if (!user) return undefined;
  return user.isBot ? 'Juhe Risk' : user.realName;
}

function channelName(id) {
  return ui.snapshot?.channels.find((channel) => channel.id === id)?.name;
}

const names = { userName, channelName };

function currentChannel() {
  const channels = ui.snapshot?.channels ?? [];
  return (
    channels.find((channel) => channel.id === ui.channel) ?? channels.find((c) => c.kind !== 'im') ?? null
  );
}

// ---------- drawing ----------

/** The static page's words (marked data-i18n*) in the app's locale; the sidebar tip keeps its code. */
function localizePage() {
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = say(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', say(element.dataset.i18nLabel));
  }
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) {
    element.setAttribute('placeholder', say(element.dataset.i18nPlaceholder));
  }
  $('sidebar-help').innerHTML = escapeHtml(say('sidebar.help')).replace(/\{(\w+)\}/g, (whole, name) =>
    Object.hasOwn(SIDEBAR_EXAMPLES, name) ? `<code>${escapeHtml(SIDEBAR_EXAMPLES[name])}</code>` : whole,
  );
}

function render() {
  const snapshot = ui.snapshot;
  if (!snapshot) return;
  const channel = currentChannel();
  if (channel && channel.id !== ui.channel) ui.channel = channel.id;
  const onHome = ui.pane === 'home';
  if (channel && !onHome) ui.seen[channel.id] = (snapshot.messages[channel.id] ?? []).length;
  renderUserSwitcher();
  renderSidebar();
  $('messages').hidden = onHome;
  $('composer').hidden = onHome;
  if (onHome) {
    renderHomeHeader();
    renderThread(null);
  } else {
    renderChannel(channel);
    renderThread(channel);
  }
  renderHomeTabs(channel);
  renderHome();
  renderModal();
  renderViolations();
}

/** The app's DM, where the App Home's Messages tab leads. */
function appDm() {
  return ui.snapshot?.channels.find((channel) => channel.kind === 'im') ?? null;
}

function renderHomeHeader() {
  $('channel-title').textContent = 'Juhe Risk';
  $('channel-note').textContent = say('home.note');
}

/** Home · Messages above the app's pages, as Slack shows them on an App Home. */
function renderHomeTabs(channel) {
  const onHome = ui.pane === 'home';
  const tabs = $('home-tabs');
  tabs.hidden = !(onHome || channel?.kind === 'im');
  for (const tab of tabs.querySelectorAll('[data-home-tab]')) {
    const current = (tab.dataset.homeTab === 'home') === onHome;
    tab.classList.toggle('is-active', current);
    if (current) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  const link = $('home-tab');
  link.classList.toggle('is-active', onHome);
  link.setAttribute('aria-current', String(onHome));
}

/** The person's Home tab, drawn with the Block Kit renderer; its buttons send block_actions from the view. */
function renderHome() {
  const pane = $('home-view');
  if (ui.pane !== 'home') {
    pane.hidden = true;
    ui.drawn.home = '';
    return;
  }
  pane.hidden = false;
  const home = ui.snapshot.home;
  const key = JSON.stringify([ui.user, home?.id ?? null, home?.hash ?? null]);
  if (ui.drawn.home === key) return;
  ui.drawn.home = key;
  if (!home) {
    delete pane.dataset.viewId;
    pane.innerHTML = `<div class="wb-empty wb-home-empty" data-testid="home-empty">${escapeHtml(say('home.empty'))}</div>`;
    return;
  }
  pane.dataset.viewId = home.id;
  pane.innerHTML = `<div class="wb-home-body">${renderBlocks(home.blocks, { names, idPrefix: `home-${home.id}`, locale: LOCALE })}</div>`;
}

function renderUserSwitcher() {
  const select = $('user-switcher');
  const people = ui.snapshot.users.filter((user) => !user.isBot);
  const key = people.map((user) => user.id).join(',');
  if (select.dataset.key !== key) {
    select.innerHTML = people
      .map(
        (user) =>
          `<option value="${escapeHtml(user.id)}">${escapeHtml(user.realName)} (@${escapeHtml(user.name)})</option>`,
      )
      .join('');
    select.dataset.key = key;
  }
  select.value = ui.user;
}

function renderSidebar() {
  const { channels, messages } = ui.snapshot;
  const item = (channel) => {
    const count = (messages[channel.id] ?? []).length;
    const shown = ui.pane === 'channel' && channel.id === ui.channel;
    const unread = !shown && count > (ui.seen[channel.id] ?? 0);
    const label =
      channel.kind === 'im'
        ? `<span class="wb-presence" aria-hidden="true"></span>Juhe Risk <span class="wb-app-badge">${escapeHtml(say('message.appBadge'))}</span>`
        : `<span class="wb-hash" aria-hidden="true">${channel.kind === 'private' ? '🔒' : '#'}</span>` +
          `<span class="wb-channel-name">${escapeHtml(channel.name)}</span>`;
    return (
      `<li><button type="button" class="wb-channel-link${shown ? ' is-active' : ''}${unread ? ' is-unread' : ''}"` +
      ` data-channel="${escapeHtml(channel.id)}" aria-current="${shown}">${label}` +
      (channel.isCompliance
        ? ` <span class="wb-tag" title="${escapeHtml(say('sidebar.complianceTagTitle'))}">${escapeHtml(say('sidebar.complianceTag'))}</span>`
        : '') +
      `</button></li>`
    );
  };
  const list = channels
    .filter((channel) => channel.kind !== 'im')
    .map(item)
    .join('');
  const dms = channels
    .filter((channel) => channel.kind === 'im')
    .map(item)
    .join('');
  const key = list + dms;
  if (ui.drawn.sidebar === key) return;
  ui.drawn.sidebar = key;
  $('channel-list').innerHTML = list;
  $('dm-list').innerHTML = dms;
  $('workspace-name').textContent = ui.snapshot.workspace.name;
}

function renderChannel(channel) {
  const title = $('channel-title');
  const note = $('channel-note');
  const input = $('composer-input');
  if (!channel) {
    title.textContent = say('channel.none');
    return;
  }
  if (channel.kind === 'im') {
    title.textContent = 'Juhe Risk';
    note.textContent = say('channel.dmNote');
  } else {
    title.textContent = `# ${channel.name}`;
    note.textContent = say(
      channel.isCompliance
        ? 'channel.complianceNote'
        : channel.botIsMember
          ? 'channel.privateNote'
          : 'channel.notMemberNote',
    );
  }
  input.placeholder = say('composer.placeholder', {
    target: channel.kind === 'im' ? 'Juhe Risk' : `#${channel.name}`,
  });
  const list = ui.snapshot.messages[channel.id] ?? [];
  const key = JSON.stringify([ui.user, channel.id, list]);
  if (ui.drawn.messages === key) return;
  ui.drawn.messages = key;
  const pane = $('messages');
  pane.innerHTML =
    list.length === 0
      ? `<div class="wb-empty">${escapeHtml(channel.kind === 'im' ? say('channel.dmBeginning', { app: 'Juhe Risk' }) : say('channel.beginning', { name: channel.name }))}</div>`
      : list.map((message) => renderMessage(message, channel.id, { inThread: false })).join('');
  // Like Slack, follow the conversation: new and updated messages scroll into view.
  pane.scrollTop = pane.scrollHeight;
}

function initials(name) {
  return (name ?? '?').trim().slice(0, 1).toUpperCase();
}

function formatTime(ms) {
  if (typeof ms !== 'number') return '';
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function repliesText(count) {
  return say(count === 1 ? 'message.replies.one' : 'message.replies.other', { count });
}

function renderMessage(message, channelId, { inThread }) {
  const author = userName(message.user) ?? message.user;
  const avatarClass = message.isBot
    ? 'wb-avatar wb-avatar--app'
    : message.user === 'USLACKBOT'
      ? 'wb-avatar wb-avatar--slackbot'
      : 'wb-avatar';
  const content =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? renderBlocks(message.blocks, { names, idPrefix: `m${message.ts.replace('.', '_')}`, locale: LOCALE })
      : `<div class="wb-text">${renderMrkdwn(message.text, names)}</div>`;
  // The download comes from the workbench's own route (the fake's store), never from url_private: the
  // page has no bot token, and a person opening a file is not the app reading it.
  const files = (message.files ?? [])
    .map(
      (file) =>
        `<div class="wb-file"><span aria-hidden="true">📄</span> <span class="wb-file-name">${escapeHtml(file.name)}</span>` +
        ` <span class="wb-file-size">${escapeHtml(formatSize(file.size))}</span>` +
        ` <a class="wb-file-download" href="${API}/files/${encodeURIComponent(file.id)}?user=${encodeURIComponent(ui.user)}"` +
        ` download="${escapeHtml(file.name)}">${escapeHtml(say('message.fileDownload'))}</a></div>`,
    )
    .join('');
  const replies = message.replies ?? [];
  const replyLink =
    !inThread && replies.length > 0
      ? `<button type="button" class="wb-replies" data-open-thread="${escapeHtml(message.ts)}">` +
        `${escapeHtml(repliesText(replies.length))}</button>`
      : '';
  const canShortcut = !message.ephemeral;
  return (
    `<div class="wb-message${message.ephemeral ? ' wb-message--ephemeral' : ''}" data-ts="${escapeHtml(message.ts)}"` +
    ` data-channel="${escapeHtml(channelId)}"${message.ephemeral ? ' data-ephemeral="true"' : ''}>` +
    `<div class="${avatarClass}" aria-hidden="true">${message.isBot ? '⚖' : escapeHtml(initials(author))}</div>` +
    `<div class="wb-message-body">` +
    (message.ephemeral
      ? `<div class="wb-ephemeral-note"><span aria-hidden="true">👁</span> ${escapeHtml(say('message.ephemeral'))}</div>`
      : '') +
    `<div class="wb-message-meta"><span class="wb-author">${escapeHtml(author)}</span>` +
    (message.isBot ? `<span class="wb-app-badge">${escapeHtml(say('message.appBadge'))}</span>` : '') +
    `<time>${escapeHtml(formatTime(message.postedAt))}</time>` +
    // Slack marks people's edits; an app updating its own message (pagination) shows no mark.
    (message.edited && !message.isBot
      ? `<span class="wb-edited">${escapeHtml(say('message.edited'))}</span>`
      : '') +
    `</div><div class="wb-message-content">${content}${files}</div>${replyLink}</div>` +
    (canShortcut
      ? `<div class="wb-message-toolbar"><button type="button" class="wb-icon-button wb-more" data-more="${escapeHtml(message.ts)}"` +
        ` aria-label="${escapeHtml(say('message.moreActions'))}" title="${escapeHtml(say('message.moreActions'))}">⋮</button></div>`
      : '') +
    `</div>`
  );
}

function renderThread(channel) {
  const pane = $('thread');
  const parent = channel
    ? (ui.snapshot.messages[channel.id] ?? []).find((m) => m.ts === ui.thread)
    : undefined;
  if (!parent) {
    ui.thread = null;
    pane.hidden = true;
    ui.drawn.thread = '';
    return;
  }
  pane.hidden = false;
  const key = JSON.stringify([ui.user, channel.id, parent]);
  if (ui.drawn.thread === key) return;
  ui.drawn.thread = key;
  $('thread-channel').textContent = channel.kind === 'im' ? 'Juhe Risk' : `#${channel.name}`;
  const replies = parent.replies ?? [];
  $('thread-messages').innerHTML =
    renderMessage(parent, channel.id, { inThread: true }) +
    `<div class="wb-thread-divider"><span>${escapeHtml(repliesText(replies.length))}</span></div>` +
    replies.map((reply) => renderMessage(reply, channel.id, { inThread: true })).join('');
  const list = $('thread-messages');
  list.scrollTop = list.scrollHeight;
}

function renderModal() {
  const view = ui.snapshot.view;
  const backdrop = $('modal-backdrop');
  if (!view) {
    backdrop.hidden = true;
    ui.drawn.modal = '';
    return;
  }
  const key = JSON.stringify([ui.user, view.id, view.hash, view.errors, view.submissionFailure]);
  backdrop.hidden = false;
  if (ui.drawn.modal === key) return;
  const firstDraw = !ui.drawn.modal.includes(`"${view.id}"`);
  ui.drawn.modal = key;
  // Redrawing the same view (an error banner, field errors) must not lose what is typed but not yet submitted.
  const shownForm = $('modal-form');
  const values =
    !firstDraw && shownForm?.dataset.viewId === view.id
      ? { ...view.values, ...collectValues(shownForm) }
      : view.values;
  const hasInputs = view.blocks.some((block) => block?.type === 'input');
  const submit = view.submit ? renderText(view.submit) : hasInputs ? escapeHtml(say('modal.submit')) : '';
  const close = view.close ? renderText(view.close) : escapeHtml(say('modal.cancel'));
  $('modal').innerHTML =
    `<form class="wb-modal-form" id="modal-form" data-view-id="${escapeHtml(view.id)}" novalidate>` +
    `<div class="wb-modal-header"><span class="wb-modal-app" aria-hidden="true">⚖</span>` +
    `<h2 id="modal-title">${renderText(view.title)}</h2>` +
    `<button type="button" class="wb-icon-button" data-close-view="stack" aria-label="${escapeHtml(say('modal.close'))}">×</button></div>` +
    // Slack shows its one generic failure text, in the reader's language, whatever went wrong.
    (view.submissionFailure
      ? `<div class="wb-modal-failure" role="alert">${escapeHtml(say('modal.submissionFailed'))}</div>`
      : '') +
    `<div class="wb-modal-body">${renderBlocks(view.blocks, { names, values, errors: view.errors, idPrefix: view.id, locale: LOCALE, fileInfo: (id) => ui.files.get(id) })}</div>` +
    `<div class="wb-modal-footer"><button type="button" class="wb-button" data-close-view>${close}</button>` +
    (submit
      ? `<button type="submit" class="wb-button wb-button--primary" id="modal-submit">${submit}</button>`
      : '') +
    `</div></form>`;
  const focusTarget = Object.keys(view.errors).length
    ? $('modal').querySelector('[aria-invalid="true"]')
    : firstDraw
      ? $('modal').querySelector('input, textarea, select')
      : null;
  focusTarget?.focus();
}

function renderViolations() {
  const list = ui.snapshot.violations;
  const box = $('violations');
  const key = JSON.stringify(list);
  if (ui.drawn.violations === key) return;
  ui.drawn.violations = key;
  box.hidden = list.length === 0;
  box.innerHTML = list
    .map((violation) => {
      const heading = say(violation.rejected ? 'violation.refused' : 'violation.overLimit', {
        method: violation.method,
      });
      const details = violation.violations.join('; ');
      return `<div><strong>${escapeHtml(heading)}</strong>${spaceBetween(heading, details)}${escapeHtml(details)}</div>`;
    })
    .join('');
}

let toastTimer;
function showToast(text) {
  const toast = $('toast');
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, 5000);
}

// ---------- reading a modal's inputs as Slack's view.state.values ----------

function textObject(type, text) {
  return type === 'mrkdwn' ? { type: 'mrkdwn', text } : { type: 'plain_text', text, emoji: true };
}

function collectValues(root) {
  const values = {};
  for (const field of root.querySelectorAll('[data-element]')) {
    const { blockId, actionId, element } = field.dataset;
    values[blockId] ??= {};
    if (element === 'plain_text_input') {
      values[blockId][actionId] = { type: element, value: field.value === '' ? null : field.value };
    } else if (element === 'static_select') {
      const option = field.selectedOptions[0];
      values[blockId][actionId] = {
        type: element,
        selected_option:
          option && option.value !== ''
            ? { text: textObject('plain_text', option.text), value: option.value }
            : null,
      };
    } else if (element === 'file_input') {
      // the server turns these ids into Slack's file objects
      values[blockId][actionId] = { type: element, files: pickedFiles(field).map((file) => file.id) };
    } else if (element === 'checkboxes' || element === 'radio_buttons') {
      const chosen = [...field.querySelectorAll('input:checked')].map((input) => ({
        text: textObject(input.dataset.textType, input.dataset.text),
        value: input.value,
      }));
      values[blockId][actionId] =
        element === 'checkboxes'
          ? { type: element, selected_options: chosen }
          : { type: element, selected_option: chosen[0] ?? null };
    }
  }
  return values;
}

// ---------- a modal's file_input ----------

/** Slack's client takes files of at most 10 MB in a file_input. */
const FILE_INPUT_MAX_BYTES = 10 * 1024 * 1024;

function pickedFiles(field) {
  try {
    const files = JSON.parse(field.dataset.files || '[]');
    return Array.isArray(files) ? files : [];
  } catch {
    return [];
  }
}

function showPickedFiles(field, files) {
  field.dataset.files = JSON.stringify(files);
  field.querySelector('.bk-file-list').innerHTML = renderFileList(files, LOCALE);
}

function extensionOf(name) {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

/** Uploads one picked file as the current person's; resolves with { id, name, size } or null. */
async function uploadPicked(file) {
  const query = new URLSearchParams({ user: ui.user, filename: file.name, mimetype: file.type });
  try {
    const response = await fetch(`${API}/files?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    const result = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
    if (result.ok) return result.file;
    showToast(
      say('toast.uploadFailed', { name: file.name, error: result.error ?? `HTTP ${response.status}` }),
    );
  } catch (error) {
    showToast(say('toast.uploadFailed', { name: file.name, error: String(error) }));
  }
  return null;
}

/**
 * Files picked in a file_input: each is checked as Slack's client checks it (type, 10 MB, max_files),
 * uploaded at once as the person's, and listed. With max_files 1 a new pick replaces the old one.
 */
async function pickFiles(picker) {
  const field = picker.closest('[data-element="file_input"]');
  const types = (field.dataset.filetypes || '')
    .split(',')
    .filter(Boolean)
    .map((type) => type.toLowerCase());
  const maxFiles = Number(field.dataset.maxFiles) || 10;
  const chosen = [...picker.files];
  picker.value = '';
  const accepted = [];
  for (const file of chosen) {
    if (types.length > 0 && !types.includes(extensionOf(file.name))) {
      showToast(say('toast.fileType', { name: file.name, types: types.join(', ') }));
    } else if (file.size > FILE_INPUT_MAX_BYTES) {
      showToast(say('toast.fileTooLarge', { name: file.name }));
    } else {
      accepted.push(file);
    }
  }
  const kept = maxFiles === 1 ? [] : pickedFiles(field);
  if (kept.length + accepted.length > maxFiles) {
    showToast(say('toast.tooManyFiles', { count: maxFiles }));
    accepted.length = Math.max(0, maxFiles - kept.length);
  }
  const work = Promise.all(accepted.map(uploadPicked));
  ui.uploads.add(work);
  try {
    const uploaded = (await work).filter(Boolean);
    for (const file of uploaded) ui.files.set(file.id, file);
    if (field.isConnected)
      showPickedFiles(field, [...(maxFiles === 1 ? [] : pickedFiles(field)), ...uploaded]);
  } finally {
    ui.uploads.delete(work);
  }
}

function removePickedFile(button) {
  const field = button.closest('[data-element="file_input"]');
  const id = button.dataset.removeFile;
  showPickedFiles(
    field,
    pickedFiles(field).filter((file) => file.id !== id),
  );
}

// ---------- what the person does ----------

async function sendComposer(input, threadTs) {
  const text = input.value.trim();
  if (text === '' || !ui.channel) return;
  input.value = '';
  autosize(input);
  hideHints();
  if (text.startsWith('/')) {
    await api('/command', { user: ui.user, channel: ui.channel, text });
  } else {
    await api('/message', { user: ui.user, channel: ui.channel, text, ...(threadTs ? { threadTs } : {}) });
  }
}

function autosize(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = `${Math.min(textarea.scrollHeight, 160)}px`;
}

function showHints(value) {
  const hints = $('command-hints');
  const typed = value.split(/\s/)[0];
  const matches =
    value.startsWith('/') && !/\s/.test(value)
      ? COMMAND_HINTS.filter((h) => h.command.startsWith(typed))
      : [];
  hints.hidden = matches.length === 0;
  hints.innerHTML = matches
    .map(
      (hint) =>
        `<li><button type="button" data-hint="${escapeHtml(hint.command)}"><strong>${escapeHtml(hint.command)}</strong> ` +
        `<span>${escapeHtml(hint.usage)}</span> <em>Juhe Risk</em></button></li>`,
    )
    .join('');
}

function hideHints() {
  $('command-hints').hidden = true;
}

function openMenu(button) {
  const menu = $('message-menu');
  const message = button.closest('.wb-message');
  menu.dataset.ts = message.dataset.ts;
  menu.dataset.channel = message.dataset.channel;
  menu.innerHTML =
    `<div class="wb-menu-title">${escapeHtml(say('menu.shortcuts'))}</div>` +
    SHORTCUTS.map(
      (shortcut) =>
        `<button type="button" role="menuitem" data-shortcut="${escapeHtml(shortcut.callbackId)}">` +
        `<span aria-hidden="true">⚖</span> ${escapeHtml(shortcut.name)} <em>Juhe Risk</em></button>`,
    ).join('');
  const box = button.getBoundingClientRect();
  menu.style.top = `${Math.min(box.bottom + 4, window.innerHeight - 120)}px`;
  menu.style.left = `${Math.max(8, box.right - 240)}px`;
  menu.hidden = false;
  menu.querySelector('button')?.focus();
}

function closeMenu() {
  $('message-menu').hidden = true;
}

async function clickButton(button) {
  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  const base = {
    user: ui.user,
    actionId: button.dataset.actionId,
    blockId: button.dataset.blockId,
    ...(button.dataset.value !== undefined ? { value: button.dataset.value } : {}),
    text: button.dataset.text,
  };
  const form = button.closest('#modal-form');
  const home = button.closest('#home-view');
  button.disabled = true;
  try {
    if (form) {
      await api('/action', { ...base, viewId: form.dataset.viewId, values: collectValues(form) });
    } else if (home) {
      await api('/home/action', { ...base, viewId: home.dataset.viewId });
    } else {
      const message = button.closest('.wb-message');
      await api('/action', { ...base, channel: message.dataset.channel, messageTs: message.dataset.ts });
    }
  } finally {
    button.disabled = false;
  }
}

/** Shows the pane and remembers it across reloads. */
function showPane(pane) {
  ui.pane = pane;
  localStorage.setItem('workbench.pane', pane);
}

/**
 * The person opens the app's Home tab: Slack sends app_home_opened every time, and the app answers by
 * publishing the tab, which arrives through the change stream.
 */
function openHome() {
  showPane('home');
  ui.thread = null;
  render();
  void api('/home/open', { user: ui.user });
}

function openAppMessages() {
  const dm = appDm();
  showPane('channel');
  if (dm) {
    ui.channel = dm.id;
    localStorage.setItem('workbench.channel', ui.channel);
  }
  render();
  $('composer-input').focus();
}

// ---------- local tools (this workbench only) ----------

const LOCAL_TOOLS = {
  'watch-cycle': (result) =>
    say(result.checked === 1 ? 'localTools.watchCycle.done.one' : 'localTools.watchCycle.done.other', {
      count: result.checked,
    }),
  'sandbox-advance': (result) => say('localTools.sandboxAdvance.done', { generation: result.generation }),
};

/** Runs a local tool and says what it did under the buttons; no toast, the line is the answer. */
async function runLocalTool(button) {
  const path = button.id;
  const line = $('local-tools-result');
  button.disabled = true;
  line.textContent = '';
  try {
    const response = await fetch(`${API}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const result = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
    line.dataset.state = result.ok ? 'ok' : 'failed';
    line.textContent = result.ok
      ? LOCAL_TOOLS[path](result)
      : response.status === 404
        ? say('localTools.notAvailable')
        : say('localTools.failed', { error: result.error ?? `HTTP ${response.status}` });
  } catch (error) {
    line.dataset.state = 'failed';
    line.textContent = say('localTools.failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    button.disabled = false;
  }
}

function bindEvents() {
  $('user-switcher').addEventListener('change', (event) => {
    ui.user = event.target.value;
    localStorage.setItem('workbench.user', ui.user);
    ui.thread = null;
    ui.drawn = { sidebar: '', messages: '', thread: '', modal: '', violations: '', home: '' };
    // Someone else now looks at the Home tab: Slack tells the app they opened it.
    if (ui.pane === 'home') void api('/home/open', { user: ui.user });
    void refresh();
  });

  $('home-tab').addEventListener('click', () => openHome());
  $('home-tabs').addEventListener('click', (event) => {
    const tab = event.target instanceof Element ? event.target.closest('[data-home-tab]') : null;
    if (!tab) return;
    if (tab.dataset.homeTab === 'home') openHome();
    else openAppMessages();
  });
  for (const id of Object.keys(LOCAL_TOOLS)) {
    $(id).addEventListener('click', (event) => void runLocalTool(event.currentTarget));
  }

  const composer = $('composer');
  const input = $('composer-input');
  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    void sendComposer(input);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void sendComposer(input);
    } else if (event.key === 'Escape') {
      hideHints();
    }
  });
  input.addEventListener('input', () => {
    autosize(input);
    showHints(input.value);
  });
  $('command-hints').addEventListener('click', (event) => {
    const hint = event.target.closest('[data-hint]');
    if (!hint) return;
    input.value = `${hint.dataset.hint} `;
    hideHints();
    input.focus();
  });

  const threadInput = $('thread-input');
  $('thread-composer').addEventListener('submit', (event) => {
    event.preventDefault();
    void sendComposer(threadInput, ui.thread);
  });
  threadInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void sendComposer(threadInput, ui.thread);
    }
  });
  $('thread-close').addEventListener('click', () => {
    ui.thread = null;
    render();
  });

  document.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const channelLink = target.closest('[data-channel].wb-channel-link');
    if (channelLink) {
      showPane('channel');
      ui.channel = channelLink.dataset.channel;
      localStorage.setItem('workbench.channel', ui.channel);
      ui.thread = null;
      render();
      $('composer-input').focus();
      return;
    }
    const threadLink = target.closest('[data-open-thread]');
    if (threadLink) {
      ui.thread = threadLink.dataset.openThread;
      render();
      return;
    }
    const more = target.closest('[data-more]');
    if (more) {
      openMenu(more);
      return;
    }
    const shortcut = target.closest('[data-shortcut]');
    if (shortcut) {
      const menu = $('message-menu');
      closeMenu();
      void api('/shortcut', {
        user: ui.user,
        channel: menu.dataset.channel,
        messageTs: menu.dataset.ts,
        callbackId: shortcut.dataset.shortcut,
      });
      return;
    }
    if (!target.closest('#message-menu')) closeMenu();
    const button = target.closest('[data-action="button"]');
    if (button) {
      void clickButton(button);
      return;
    }
    const removeFile = target.closest('[data-remove-file]');
    if (removeFile) {
      removePickedFile(removeFile);
      return;
    }
    const closer = target.closest('[data-close-view]');
    if (closer) {
      const form = closer.closest('#modal-form');
      // × closes the whole stack, as in Slack; Cancel goes back to the view below.
      const wholeStack = closer.dataset.closeView === 'stack';
      void api('/view/close', {
        user: ui.user,
        viewId: form.dataset.viewId,
        ...(wholeStack ? { wholeStack } : {}),
      });
    }
  });

  $('modal').addEventListener('change', (event) => {
    const picker = event.target instanceof Element ? event.target.closest('[data-file-picker]') : null;
    if (picker) void pickFiles(picker);
  });

  $('modal').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target.closest('#modal-form');
    const submit = $('modal-submit');
    if (submit) submit.disabled = true;
    try {
      // Slack's Submit waits until picked files are uploaded
      await Promise.all([...ui.uploads]);
      await api('/view/submit', { user: ui.user, viewId: form.dataset.viewId, values: collectValues(form) });
    } finally {
      if (submit?.isConnected) submit.disabled = false;
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (!$('message-menu').hidden) {
      closeMenu();
      return;
    }
    const form = $('modal-form');
    if (form && !$('modal-backdrop').hidden)
      void api('/view/close', { user: ui.user, viewId: form.dataset.viewId });
  });
}

localizePage();
bindEvents();
listen();
void refresh();
// Reopened on the Home tab: opening the page opens the tab again, as in Slack.
if (ui.pane === 'home') void api('/home/open', { user: ui.user });
