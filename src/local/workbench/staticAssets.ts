import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { Locale } from '../../i18n/catalog.js';

/** URL path → file in ./static. Only these are served; nothing else in the folder is reachable. */
const ASSETS: ReadonlyMap<string, { file: string; type: string }> = new Map([
  ['/', { file: 'index.html', type: 'text/html; charset=utf-8' }],
  ['/workbench.css', { file: 'workbench.css', type: 'text/css; charset=utf-8' }],
  ['/workbench.js', { file: 'workbench.js', type: 'text/javascript; charset=utf-8' }],
  ['/blockKit.js', { file: 'blockKit.js', type: 'text/javascript; charset=utf-8' }],
  ['/mrkdwn.js', { file: 'mrkdwn.js', type: 'text/javascript; charset=utf-8' }],
  ['/emoji.js', { file: 'emoji.js', type: 'text/javascript; charset=utf-8' }],
  ['/strings.js', { file: 'strings.js', type: 'text/javascript; charset=utf-8' }],
]);

/** The page as written says `<html lang="en">`; the server puts the app's locale there for workbench.js. */
const PAGE_LANG = '<html lang="en">';

const STATIC_DIR = new URL('./static/', import.meta.url);

/**
 * The page may load nothing but itself: no CDN, no fonts or images from elsewhere, no inline script.
 * That also makes it work offline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function isStaticAsset(path: string): boolean {
  return ASSETS.has(path);
}

/**
 * Read on each request, so editing the page needs no restart. The page carries the app's locale in its
 * `lang`, from which workbench.js picks its own words (strings.js).
 */
export async function serveStaticAsset(
  path: string,
  res: ServerResponse,
  headOnly: boolean,
  locale: Locale = 'en',
): Promise<void> {
  const asset = ASSETS.get(path);
  if (!asset) throw new Error(`not a workbench asset: ${path}`);
  const file = await readFile(new URL(asset.file, STATIC_DIR));
  const body =
    asset.file === 'index.html'
      ? Buffer.from(file.toString('utf8').replace(PAGE_LANG, `<html lang="${locale}">`), 'utf8')
      : file;
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': body.length,
    'cache-control': 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(headOnly ? undefined : body);
}
