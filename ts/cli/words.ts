// Counts in words, so that one thing is never "1 messages".

/** "1 message", "2 messages", "1,000,000 messages": `plural` for nouns that do not just take an s. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
