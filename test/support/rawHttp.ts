import { connect } from 'node:net';

export interface RawPostOptions {
  /** e.g. http://127.0.0.1:1234/slack/events */
  url: string;
  headers?: Record<string, string>;
  body: Buffer;
  /** Transfer-Encoding: chunked (no Content-Length) instead of a Content-Length */
  chunked?: boolean;
  /** a Content-Length to declare instead of the body's own (a lie, to test the server's counting) */
  declaredLength?: number;
  chunkBytes?: number;
}

export interface RawPostResult {
  /** HTTP status of the answer; 0 when none arrived */
  status: number;
  /** the whole answer as received, head and body */
  response: string;
  /** body bytes the socket accepted before the server closed it (or all of them) */
  bytesWritten: number;
}

/**
 * A POST over a bare socket, for requests fetch will not send as asked (a lying Content-Length) and
 * for watching a server answer and close while the body is still being sent.
 */
export function rawPost(options: RawPostOptions): Promise<RawPostResult> {
  const url = new URL(options.url);
  const chunkBytes = options.chunkBytes ?? 16 * 1024;
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let response = '';
    let bytesWritten = 0;
    let closed = false;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      response += text;
    });
    // The server may close while we are still writing: EPIPE / ECONNRESET are expected here.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      resolve({ status: status ? Number(status) : 0, response, bytesWritten });
    });
    const lengthHeader = options.chunked
      ? 'transfer-encoding: chunked'
      : `content-length: ${options.declaredLength ?? options.body.length}`;
    const head = [
      `POST ${url.pathname} HTTP/1.1`,
      `host: ${url.host}`,
      'connection: close',
      lengthHeader,
      ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    let offset = 0;
    const pump = () => {
      while (!closed && offset < options.body.length) {
        const chunk = options.body.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        // Written as three pieces rather than one concatenated copy: the body is sent without copying it.
        if (options.chunked) socket.write(`${chunk.length.toString(16)}\r\n`);
        const more = socket.write(chunk, (error) => {
          if (!error) bytesWritten += chunk.length;
        });
        if (options.chunked) socket.write('\r\n');
        if (!more) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!closed && options.chunked) socket.write('0\r\n\r\n');
    };
    pump();
  });
}
