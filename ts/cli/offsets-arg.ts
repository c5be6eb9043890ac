// consume -o: where reading starts, spelled as kcat spells it.
import { Offset } from '../consumer/offset';
import { UsageError } from './usage';

export const offsetChoices = 'beginning, end, stored, N (an offset) or -N (the last N messages of each partition)';

/** -o's text as an Offset: beginning, end, stored, N, or -N for `Offset.tail(N)`. */
export function parseStartOffset(text: string): Offset {
  if (text === 'beginning' || text === 'end' || text === 'stored') return text;
  const match = /^(-?)(\d[\d_]*)$/.exec(text);
  const value = match === null ? NaN : Number(match[2].replace(/_/g, ''));
  if (match === null || !Number.isSafeInteger(value)) throw new UsageError(`-o expects ${offsetChoices}, got "${text}"`);
  if (match[1] === '') return value;
  if (value === 0) throw new UsageError('-o -N expects N >= 1 (the last N messages of each partition), got "-0"');
  return Offset.tail(value);
}

/**
 * `-o -5` as util.parseArgs reads it: a value that starts with '-' is refused as a likely forgotten argument
 * unless it is attached (`-o-5`, `--offset=-5`). kcat users write it detached, so a detached -N after -o is
 * attached here before parsing.
 */
export function attachNegativeOffsets(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if ((args[i] === '-o' || args[i] === '--offset') && next !== undefined && /^-\d/.test(next)) {
      out.push(args[i] === '-o' ? `-o${next}` : `--offset=${next}`);
      i++;
    } else {
      if (args[i] === '--') return [...out, ...args.slice(i)];
      out.push(args[i]);
    }
  }
  return out;
}
