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

/**
 * Starts a command in the background, its output collected as it comes; its stdin is a pipe the test writes to
 * (and ends). `stdoutLines(n)` resolves once stdout has n lines.
 */
export function startCli(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: packageRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  /** Resolves once stdout holds `count` lines; rejects if the command exits first or `timeoutMs` passes. */
  const stdoutLines = (count: number, timeoutMs = 30_000) =>
    new Promise<string[]>((resolve, reject) => {
      const lines = () => output.stdout.split('\n').slice(0, -1);
      const check = () => {
        if (lines().length < count) return;
        done();
        resolve(lines());
      };
      const timer = setTimeout(() => (done(), reject(new Error(`${lines().length} of ${count} lines on stdout in ${timeoutMs} ms; stderr:\n${output.stderr}`))), timeoutMs);
      // 'close', not 'exit': the last output may come after 'exit'.
      const early = () => {
        if (lines().length >= count) return check();
        done();
        reject(new Error(`exited with ${child.exitCode} after ${lines().length} of ${count} lines; stderr:\n${output.stderr}`));
      };
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('close', early);
      };
      listeners.add(check);
      child.once('close', early);
      check();
    });
  /** Kills it if a failed test left it running, so that the suite can end. */
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { child, output, exited, stdoutLines, stop };
}

/** Starts `rdkafka-napi produce` reading a pipe that stays open until the test closes it. */
export function produceFromPipe(args: string[]) {
  return startCli(['produce', ...args]);
}
