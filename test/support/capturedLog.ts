import { Writable } from 'node:stream';

/** A log destination that keeps every line, so tests can look for what must (never) be logged. */
export interface CapturedLog {
  /** raw lines as pino wrote them (JSON, one per write) */
  lines: string[];
  destination: Writable;
  /** the lines parsed */
  records(): Array<Record<string, unknown>>;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return {
    lines,
    destination,
    records: () =>
      lines
        .flatMap((line) => line.split('\n').filter((part) => part.trim() !== ''))
        .map((part) => JSON.parse(part)),
  };
}
