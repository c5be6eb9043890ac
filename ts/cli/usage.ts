// What every command shares: its description, argument parsing that fails with one clear line, and
// the errors that decide the exit code (2: the command line is wrong; 1: the work failed).
import { parseArgs, type ParseArgsConfig } from 'util';
import { isWholeNumber } from '../validate';

export interface Command {
  name: string;
  /** One line, for the command list. */
  summary: string;
  /** The whole --help text. */
  help: string;
  /** Resolves the exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** @internal util.parseArgs, strict, its errors turned into UsageErrors. */
export function parse<T extends Options>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    // One line: some of parseArgs's messages span several.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/, '').replace(/\n/g, ' '));
  }
}

/** `name=value` pairs (-X, -H) as [name, value]; the value may contain '='. */
export function pairs(list: string[] | undefined, flag: string): Array<[string, string]> {
  return (list ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} expects name=value, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/** Parses a flag's text (`1_000` allowed) as a whole number in [min, max]; `fallback` when the flag is absent. */
export function parseWholeNumberFlag(text: string | undefined, flag: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  // Number('') is 0: an empty value is not a number here.
  const value = text.trim() === '' ? NaN : Number(text.replace(/_/g, ''));
  if (!isWholeNumber(value, min, max)) throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** A repeatable flag of whole numbers, each occurrence also a comma list (`-p 0,2 -p 5`): sorted, without repeats. */
export function wholeNumberList(list: string[] | undefined, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number[] {
  const numbers = (list ?? []).flatMap((text) => text.split(',')).map((text) => parseWholeNumberFlag(text.trim(), flag, min, min, max));
  return [...new Set(numbers)].sort((a, b) => a - b);
}
