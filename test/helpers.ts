// Shared by the tests: where things are, and a way to run a script in a child process.
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as path from 'path';

export const packageRoot = path.resolve(__dirname, '..', '..');
export const builtAddon = path.join(packageRoot, 'build', 'Release', 'rdkafka_napi.node');

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Slower runs (valgrind, AddressSanitizer) get more time, for child processes and for waits: RDKAFKA_NAPI_TEST_TIME_SCALE=10. */
export const timeScale = Number(process.env.RDKAFKA_NAPI_TEST_TIME_SCALE ?? 1) || 1;

/** Runs `node -e script` (CommonJS, or ESM with `esm: true`) and waits for it, up to `timeoutMs` (scaled, see above). */
export function runNode(script: string, options: SpawnSyncOptions & { esm?: boolean; timeoutMs?: number; nodeArgs?: string[] } = {}): ChildResult {
  const started = Date.now();
  const args = [...(options.nodeArgs ?? []), ...(options.esm ? ['--input-type=module', '-e', script] : ['-e', script])];
  const result = spawnSync(process.execPath, args, {
    cwd: packageRoot,
    encoding: 'utf8',
    timeout: (options.timeoutMs ?? 30_000) * timeScale,
    ...options,
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    ms: Date.now() - started,
  };
}

let topicCounter = 0;
/** A topic name no other test uses. */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${topicCounter++}`;
}
