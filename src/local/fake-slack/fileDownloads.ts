import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileIdInPath } from './fileObjects.js';
import type { SlackStore } from './store.js';

/**
 * What Slack answers a url_private request without a valid token: not a 401 but a 200 with its
 * sign-in page. An app that does not check the content type (or the bytes) would parse this HTML as
 * the user's spreadsheet, so the fake answers the same way.
 */
export const LOGIN_PAGE_HTML =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Slack</title></head>' +
  '<body><h1>Sign in to Fake Workspace</h1><form action="/signin" method="post">' +
  '<input type="email" name="email"><button type="submit">Sign in</button></form></body></html>';

function bearer(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header ? /^Bearer\s+(.+)$/i.exec(header)?.[1] : undefined;
}

/**
 * GET (or HEAD) on a file's url_private or url_private_download. Only `Authorization: Bearer <bot
 * token>` gets the bytes; Slack also takes the token nowhere else (a `?token=` query is not honoured
 * for files). Unknown ids and files whose bytes never arrived are 404. Recorded as a call
 * (`file_download`) without the bytes, like uploads.
 */
export function handleFileDownload(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  settings: { store: SlackStore; token: string },
): void {
  const { store } = settings;
  const fileId = fileIdInPath(pathname);
  const file = fileId ? store.files.get(fileId) : undefined;
  const authorized = bearer(request) === settings.token;
  const found = file?.bytes !== undefined;
  const error = !found ? 'file_not_found' : !authorized ? 'login_page' : undefined;
  store.recordCall({
    method: 'file_download',
    args: { file_id: fileId ?? null, authorized },
    at: store.now(),
    ok: error === undefined,
    ...(error ? { error } : {}),
    response: error ?? `${file?.bytes?.length ?? 0} bytes`,
  });
  const head = request.method === 'HEAD';
  if (!file?.bytes) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(head ? undefined : 'Not Found');
  } else if (!authorized) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(head ? undefined : LOGIN_PAGE_HTML);
  } else {
    const download = pathname.includes('/download/');
    response.writeHead(200, {
      'content-type': file.mimetype,
      'content-length': String(file.bytes.length),
      ...(download
        ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}` }
        : {}),
    });
    response.end(head ? undefined : file.bytes);
  }
}
