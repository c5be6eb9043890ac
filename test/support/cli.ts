// Running the command line as a user does: node dist/cli/main.js is what the `rdkafka-napi` bin links to.
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { packageRoot } from '../helpers';

export const cli = path.join(packageRoot, 'dist', 'cli', 'main.js');

/** Runs a command to its end, `input` on its stdin. */
export function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: packageRoot, encoding: 'utf8', input, timeout: 60_000 });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Starts `rdkafka-napi mock` and resolves once it has printed its bootstrap servers. */
export async function startMock(args: string[]): Promise<{ child: ChildProcess; bootstrap: string }> {
  const child = spawn(process.execPath, [cli, 'mock', ...args], { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const bootstrap = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
  });
  return { child, bootstrap };
}

/** Stops a `rdkafka-napi mock` as Ctrl-C does; resolves its exit code. */
export async function stopMock(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  return exited;
}

/** Starts `rdkafka-napi produce` reading a pipe that stays open until the test closes it. */
export function produceFromPipe(args: string[]) {
  const child = spawn(process.execPath, [cli, 'produce', ...args], { cwd: packageRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  /** Kills it if a failed test left it running, so that the suite can end. */
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, output, exited, stop };
}
