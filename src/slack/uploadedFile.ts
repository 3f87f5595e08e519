import type { webApi } from '@slack/bolt';
import { request } from 'undici';
import type { Logger } from '../logging/logger.js';

/**
 * A file a person picked in a modal's file_input, fetched from Slack: `files.info` names it, its
 * `url_private_download` serves it to `Authorization: Bearer <bot token>` (docs/design.md § Batch
 * screening). The token goes only to Slack's own file hosts — or, when SLACK_API_URL points elsewhere
 * (local mode, tests), to that server's origin — never to a URL anywhere else, whatever files.info says.
 */
export const UPLOADED_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Where Slack serves url_private and url_private_download: commercial and GovSlack. */
export const SLACK_FILE_HOSTS: ReadonlySet<string> = new Set(['files.slack.com', 'files.slack-gov.com']);

export type UploadedFileResult =
  | { ok: true; name: string; bytes: Uint8Array }
  /** over UPLOADED_FILE_MAX_BYTES; unreadable: gone, not served, a URL we do not trust, or Slack's sign-in page */
  | { ok: false; problem: 'too_large' | 'unreadable' };

export interface UploadedFiles {
  read(fileId: string): Promise<UploadedFileResult>;
}

/** A download that went wrong, for the log: never the URL's path (it names the file) or any byte of it. */
class DownloadRefused extends Error {}

export function createUploadedFiles(deps: {
  client: webApi.WebClient;
  botToken: string;
  /** SLACK_API_URL when set: its origin serves the files too */
  apiUrl?: string;
  logger: Logger;
  maxBytes?: number;
}): UploadedFiles {
  const log = deps.logger.child({ component: 'uploaded-file' });
  const maxBytes = deps.maxBytes ?? UPLOADED_FILE_MAX_BYTES;
  const apiOrigin = deps.apiUrl ? new URL(deps.apiUrl).origin : undefined;
  const servedBySlack = (url: URL): boolean =>
    url.username === '' &&
    url.password === '' &&
    ((url.protocol === 'https:' && url.port === '' && SLACK_FILE_HOSTS.has(url.hostname)) ||
      url.origin === apiOrigin);

  async function download(url: URL): Promise<Uint8Array | 'too_large'> {
    // redirects are not followed (undici's request never does): the token would go wherever they point
    const response = await request(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${deps.botToken}` },
      headersTimeout: 10_000,
      bodyTimeout: 20_000,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new DownloadRefused(`HTTP ${response.statusCode}`);
    }
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body.dump();
      return 'too_large';
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        return 'too_large';
      }
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    // Slack answers a token it does not accept with 200 and its HTML sign-in page, not a 401
    const contentType = String(response.headers['content-type'] ?? '');
    const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
    if (
      contentType.startsWith('text/html') ||
      head.startsWith('<!doctype html') ||
      head.startsWith('<html')
    ) {
      throw new DownloadRefused(
        'Slack answered with an HTML page (its sign-in page: check the bot token and files:read)',
      );
    }
    return new Uint8Array(bytes);
  }

  return {
    async read(fileId) {
      try {
        const info = await deps.client.files.info({ file: fileId });
        const file = info.file;
        if (!file) throw new DownloadRefused('files.info named no file');
        if (typeof file.size === 'number' && file.size > maxBytes) return { ok: false, problem: 'too_large' };
        const raw = file.url_private_download ?? file.url_private;
        if (!raw) throw new DownloadRefused('files.info gave no download URL');
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new DownloadRefused('files.info gave a URL that does not parse');
        }
        if (!servedBySlack(url)) {
          log.warn({ fileId, host: url.host }, 'refused to send the bot token to a file URL not on Slack');
          return { ok: false, problem: 'unreadable' };
        }
        const bytes = await download(url);
        if (bytes === 'too_large') return { ok: false, problem: 'too_large' };
        return { ok: true, name: file.name ?? file.title ?? fileId, bytes };
      } catch (error) {
        log.warn(
          {
            fileId,
            reason: error instanceof DownloadRefused ? error.message : String((error as Error).message),
          },
          'an uploaded file could not be read',
        );
        return { ok: false, problem: 'unreadable' };
      }
    },
  };
}
