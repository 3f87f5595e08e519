/**
 * Slack's file object, as files.info returns it and a view_submission carries it for a modal's
 * file_input: the fields an app reads (id, name, mimetype, filetype, size, uploader, url_private*),
 * filled from the fake's store. The URLs point at the fake's own server, which serves the bytes only
 * to the bot token (see fileDownloads.ts).
 */
import type { UploadedFile } from '@slack/bolt';
import { FAKE_WORKSPACE } from './seed.js';
import type { FakeFile, SlackStore } from './store.js';

/** A file a person picks in a modal's file_input may be at most 10 MB (Slack's documented limit). */
export const FILE_INPUT_MAX_BYTES = 10 * 1024 * 1024;

/** What Slack infers from a file name's extension; anything it does not know is `binary`. */
const KNOWN_TYPES: ReadonlyMap<string, { mimetype: string; filetype: string; pretty: string }> = new Map([
  ['csv', { mimetype: 'text/csv', filetype: 'csv', pretty: 'CSV' }],
  ['txt', { mimetype: 'text/plain', filetype: 'text', pretty: 'Plain Text' }],
  [
    'xlsx',
    {
      mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filetype: 'xlsx',
      pretty: 'Excel Spreadsheet',
    },
  ],
  ['xls', { mimetype: 'application/vnd.ms-excel', filetype: 'xls', pretty: 'Excel Spreadsheet' }],
  ['png', { mimetype: 'image/png', filetype: 'png', pretty: 'PNG' }],
  ['jpg', { mimetype: 'image/jpeg', filetype: 'jpg', pretty: 'JPEG' }],
  ['pdf', { mimetype: 'application/pdf', filetype: 'pdf', pretty: 'PDF' }],
]);

export interface FileKind {
  mimetype: string;
  filetype: string;
  prettyType: string;
}

/**
 * Slack decides `filetype` from the name, whatever the browser said; the mimetype is the uploader's
 * when given (a browser's guess), else the one the extension implies.
 */
export function fileKind(filename: string, mimetype?: string): FileKind {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const known = KNOWN_TYPES.get(extension);
  return {
    mimetype: mimetype || known?.mimetype || 'application/octet-stream',
    filetype: known?.filetype ?? 'binary',
    prettyType: known?.pretty ?? 'Binary',
  };
}

/** The path part of a file's url_private on the fake (Slack's: /files-pri/<team>-<file>/<name>). */
export function filePath(file: Pick<FakeFile, 'id' | 'name'>, download: boolean): string {
  const base = `/files-pri/${FAKE_WORKSPACE.teamId}-${file.id}`;
  return `${base}/${download ? 'download/' : ''}${encodeURIComponent(file.name)}`;
}

/** Where a url_private path names a file: its id, or undefined for any other path. */
export function fileIdInPath(pathname: string): string | undefined {
  const match = /^\/files-pri\/([A-Z0-9]+)-(F[A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(pathname);
  return match?.[1] === FAKE_WORKSPACE.teamId ? match[2] : undefined;
}

/** The conversations a file was shared in, split the way Slack lists them. */
function shares(file: FakeFile, store: SlackStore): { channels: string[]; groups: string[]; ims: string[] } {
  const out = { channels: [] as string[], groups: [] as string[], ims: [] as string[] };
  for (const id of file.sharedIn) {
    const channel = store.channels.get(id);
    if (channel?.isIm) out.ims.push(id);
    else if (channel?.isPrivate) out.groups.push(id);
    else out.channels.push(id);
  }
  return out;
}

/**
 * A stored file as Slack's file object. `baseUrl` is the fake's own server (no trailing slash), so
 * url_private and url_private_download work against it; permalinks use the workspace's URL as Slack's do.
 */
export function slackFileObject(file: FakeFile, store: SlackStore, baseUrl: string): UploadedFile {
  const uploader = store.users.get(file.user);
  const isBot = file.user === FAKE_WORKSPACE.botUserId;
  const name = encodeURIComponent(file.name);
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype: file.filetype,
    pretty_type: fileKind(file.name).prettyType,
    user: file.user,
    user_team: FAKE_WORKSPACE.teamId,
    editable: false,
    size: file.bytes?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: isBot,
    username: uploader?.name ?? '',
    url_private: `${baseUrl}${filePath(file, false)}`,
    url_private_download: `${baseUrl}${filePath(file, true)}`,
    permalink: `${FAKE_WORKSPACE.workspaceUrl}files/${file.user}/${file.id}/${name}`,
    permalink_public: `https://slack-files.com/${FAKE_WORKSPACE.teamId}-${file.id}-0000000000`,
    has_rich_preview: false,
    file_access: 'visible',
    ...shares(file, store),
    ...(isBot ? { bot_id: FAKE_WORKSPACE.botId, app_id: FAKE_WORKSPACE.appId } : {}),
  };
}
