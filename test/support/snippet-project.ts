// A throwaway project holding code snippets as a user would save them: 'rdkafka-napi' installed (a symlink to
// this package) with @types/node beside it, and a strict tsconfig.json under which one tsc run type-checks every
// snippet (JavaScript too, with checkJs) and compiles the TypeScript ones for Node 20.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeBlock } from './code-blocks';
import type { ChildResult } from '../helpers';

/** The languages run, and the module format their tag imposes (else it is read from the code). */
const languages: Record<string, { kind: 'js' | 'ts'; module?: 'esm' | 'cjs' }> = {
  js: { kind: 'js' },
  javascript: { kind: 'js' },
  mjs: { kind: 'js', module: 'esm' },
  cjs: { kind: 'js', module: 'cjs' },
  ts: { kind: 'ts' },
  typescript: { kind: 'ts' },
  mts: { kind: 'ts', module: 'esm' },
  cts: { kind: 'ts', module: 'cjs' },
};

/** The options a snippet must compile under: strict, for Node 20, as ES modules or CommonJS by file extension. */
const compilerOptions = {
  strict: true,
  target: 'es2022',
  module: 'nodenext',
  lib: ['es2022'], // @types/node declares Symbol.dispose and Symbol.asyncDispose
  types: ['node'],
  allowJs: true,
  checkJs: true,
  outDir: 'out',
  rootDir: '.',
  skipLibCheck: true, // as `tsc --init` sets it: the package's declarations are used, not checked again
};

export function isRunnable(block: CodeBlock): boolean {
  return Object.hasOwn(languages, block.lang);
}

/** CommonJS when the code calls require() and has no import or export statement; else an ES module (top-level await works). */
export function isCommonJs(code: string): boolean {
  return /\brequire\(/.test(code) && !/^\s*(import|export)\b/m.test(code);
}

export interface Snippet {
  block: CodeBlock;
  /** Its file in the project, e.g. `readme-57.mts`, named after the line of its block. */
  file: string;
  esm: boolean;
  /** What node runs: a JavaScript snippet as written, a TypeScript one as tsc compiled it. */
  program: string;
}

export interface TypeCheck {
  /** tsc's errors about each snippet, by file, placed in the Markdown file (`README.md:12:5 error TS2304: ...`). */
  errors: Map<string, string[]>;
  /** Anything else tsc said (a failure of tsc itself too). */
  other: string[];
}

export class SnippetProject {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdkafka-napi-snippets-'));
  readonly snippets: Snippet[];

  /** `blocks` come from the Markdown file `source` (which names their files: `readme-57.mts`); they import `packageRoot`. */
  constructor(blocks: readonly CodeBlock[], readonly source: string, readonly packageRoot: string) {
    const prefix = path.parse(source).name.toLowerCase();
    const modules = path.join(this.dir, 'node_modules');
    fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
    fs.symlinkSync(packageRoot, path.join(modules, 'rdkafka-napi'), 'dir');
    fs.symlinkSync(path.join(packageRoot, 'node_modules', '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
    fs.writeFileSync(path.join(this.dir, 'package.json'), JSON.stringify({ name: 'snippets', private: true }));

    this.snippets = blocks.filter(isRunnable).map((block) => {
      const { kind, module } = languages[block.lang];
      const esm = module ? module === 'esm' : !isCommonJs(block.code);
      const file = `${prefix}-${block.line}.${esm ? 'm' : 'c'}${kind}`;
      fs.writeFileSync(path.join(this.dir, file), block.code);
      const program = kind === 'js' ? file : path.join('out', file.replace(/ts$/, 'js'));
      return { block, file, esm, program };
    });
    const files = this.snippets.map((s) => s.file);
    fs.writeFileSync(path.join(this.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
  }

  /** One tsc run over every snippet. It emits even when some fail, so the others can still run. */
  typeCheck(): TypeCheck {
    const tsc = path.join(this.packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: this.dir, encoding: 'utf8' });
    const errors = new Map<string, string[]>(this.snippets.map((s) => [s.file, []]));
    const other: string[] = [];
    let last: string[] = other;
    for (const line of `${result.stdout}${result.stderr}`.split('\n')) {
      if (line.trim() === '') continue;
      if (/^\s/.test(line)) {
        last.push(line); // a continuation of the message before it
        continue;
      }
      const at = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
      const snippet = at && this.snippets.find((s) => s.file === at[1]);
      last = snippet ? (errors.get(snippet.file) as string[]) : other;
      last.push(snippet && at ? `${this.source}:${snippet.block.line + Number(at[2])}:${at[3]} ${at[4]}` : line);
    }
    return { errors, other };
  }

  /** Runs a snippet with node, in the project directory, for up to `timeoutMs`. */
  run(snippet: Snippet, timeoutMs: number): ChildResult {
    const started = Date.now();
    const result = spawnSync(process.execPath, [snippet.program], { cwd: this.dir, encoding: 'utf8', timeout: timeoutMs });
    return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
