#!/usr/bin/env node
// The rdkafka-napi command line. Exit codes: 0 done, 1 the work failed (a message was not delivered,
// the brokers cannot be reached), 2 the command line is wrong. A user's mistake is one line on
// stderr, never a stack trace.
import { bench } from './bench';
import { consume } from './consume';
import { mock } from './mock';
import { produce } from './produce';
import { type Command, UsageError } from './usage';

const commands: Command[] = [produce, consume, mock, bench];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: rdkafka-napi <command> [options]',
    '',
    'Kafka producers and consumers for Node.js over librdkafka. Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "'rdkafka-napi <command> --help' tells more; 'rdkafka-napi --version' prints the versions.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    const { librdkafkaVersion } = await import('../index');
    process.stdout.write(`rdkafka-napi ${require('../../package.json').version} (librdkafka ${librdkafkaVersion})\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    const command = process.argv[2] && !process.argv[2].startsWith('-') ? ` ${process.argv[2]}` : '';
    // trimEnd: some of librdkafka's messages end with a newline of their own.
    const message = ((error as Error)?.message ?? String(error)).trimEnd();
    process.stderr.write(`rdkafka-napi${command}: ${message}${usage ? " (see 'rdkafka-napi --help')" : ''}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
