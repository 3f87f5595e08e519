import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeFile, type FakeSlack, FILE_INPUT_MAX_BYTES, UserFileError } from '../fake-slack/index.js';
import { RequestBodyError } from './apiRequests.js';

/**
 * The workbench's file routes (local mode only, like every workbench route):
 * - `POST /workbench/api/files?user=U…&filename=…[&mimetype=…]`, body the file's bytes as
 *   application/octet-stream: the person picked it in a modal's file_input, so it goes into the fake
 *   workspace as theirs (`uploadUserFile`). Answers `{ ok, file: { id, name, size } }`.
 * - `GET /workbench/api/files/F…?user=U…`: the bytes of a file that person may see (shared in one of
 *   their conversations, or their own upload), as a download. Read from the fake's store: the page
 *   never holds the bot token.
 */
export const FILES_PATH = '/workbench/api/files';

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const FILE_ID = /^F[A-Z0-9]{1,30}$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/**
 * The upload's bytes, at most Slack's 10 MB. Only application/octet-stream: like the JSON routes' content
 * type it is not one a cross-site form can send, so another site's page cannot upload in a person's name.
 */
async function readFileBody(req: IncomingMessage): Promise<Buffer> {
  if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
    throw new RequestBodyError(415, 'expected_octet_stream');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FILE_INPUT_MAX_BYTES) throw new RequestBodyError(413, 'file_too_large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isPerson(fake: FakeSlack, id: string | null): id is string {
  if (id === null || !USER_ID.test(id)) return false;
  const user = fake.store.users.get(id);
  return user !== undefined && !user.isBot;
}

/** A person sees their own uploads and files shared in conversations they are in. */
function visibleTo(fake: FakeSlack, file: FakeFile, user: string): boolean {
  if (file.user === user) return true;
  return file.sharedIn.some((id) => fake.store.channels.get(id)?.members.includes(user) ?? false);
}

export async function handleFileUpload(
  fake: FakeSlack,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const user = url.searchParams.get('user');
  const filename = url.searchParams.get('filename') ?? '';
  const mimetype = url.searchParams.get('mimetype') ?? '';
  const bytes = await readFileBody(req);
  if (!isPerson(fake, user)) return sendJson(res, 404, { ok: false, error: 'user_not_found' });
  try {
    const file = fake.uploadUserFile({ user, filename, bytes, ...(mimetype ? { mimetype } : {}) });
    return sendJson(res, 200, { ok: true, file: { id: file.id, name: file.name, size: file.length } });
  } catch (error) {
    if (!(error instanceof UserFileError)) throw error;
    return sendJson(res, error.code === 'file_too_large' ? 413 : 400, { ok: false, error: error.code });
  }
}

export function handleFileDownload(fake: FakeSlack, url: URL, res: ServerResponse, headOnly: boolean): void {
  const fileId = url.pathname.slice(FILES_PATH.length + 1);
  const user = url.searchParams.get('user');
  const file = FILE_ID.test(fileId) ? fake.fileById(fileId) : undefined;
  if (!isPerson(fake, user)) {
    sendJson(res, 404, { ok: false, error: 'user_not_found' });
    return;
  }
  // a file this person may not see is as absent as one that does not exist
  if (!file?.bytes || !visibleTo(fake, file, user)) {
    sendJson(res, 404, { ok: false, error: 'file_not_found' });
    return;
  }
  res.writeHead(200, {
    'content-type': file.mimetype,
    'content-length': String(file.bytes.length),
    // always a download: an uploaded HTML or SVG file must never run as this page's origin
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'content-security-policy': 'sandbox',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(headOnly ? undefined : file.bytes);
}
