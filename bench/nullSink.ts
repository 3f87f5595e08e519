import { Writable } from 'node:stream';

/** A log destination that accepts and forgets, counting what passed so the output can be checked once. */
export class NullSink extends Writable {
  bytes = 0;
  lines = 0;
  last = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = String(chunk);
    this.bytes += Buffer.byteLength(text);
    this.lines++;
    this.last = text;
    callback();
  }
}
