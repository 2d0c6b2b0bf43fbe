import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// smtp-server and mailparser ship no types; the test uses a handful of their calls.
const require = createRequire(import.meta.url);
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

interface Received { to: string; subject: string; text: string; from: string }

/** A real SMTP server on a free port: keeps what it accepts, refuses the next `refuse` messages. */
export async function startSmtp() {
  const received: Received[] = [];
  const state = { refuse: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream: NodeJS.ReadableStream, _session: unknown, callback: (error?: Error) => void) {
      simpleParser(stream).then((mail: any) => {
        if (state.refuse > 0) {
          state.refuse--;
          callback(Object.assign(new Error('Boîte pleine'), { responseCode: 452 }));
          return;
        }
        received.push({ to: mail.to.text, subject: mail.subject, text: mail.text, from: mail.from.text });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(resolve)) };
}
