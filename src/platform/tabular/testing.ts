import { Writable } from 'node:stream';

/** Test helper: a Writable that keeps everything written, to inspect an export. */
export function collector(): { stream: Writable; buffer: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, buffer: () => Buffer.concat(chunks) };
}
