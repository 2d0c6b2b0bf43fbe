import readline from 'node:readline';
import { runCli, type CliIo } from './commands.js';

/**
 * `npm run parcours -- <commande>` (or `npx parcours <commande>`): putting Parcours into
 * service and operating it. Commands live in commands.ts; this file binds them to the
 * process: environment, terminal, exit code.
 */
function ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    if (options.hidden) {
      // Echoes nothing of what is typed: the password stays off the screen.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) process.stdout.write(question);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (options.hidden) process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CliIo = {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ask: process.stdin.isTTY && process.stdout.isTTY ? ask : undefined,
  readStdin,
  now: () => new Date(),
};

runCli(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`Échec : ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
