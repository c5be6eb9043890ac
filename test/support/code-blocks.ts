// The fenced code blocks of a Markdown text (``` or ~~~, as CommonMark reads them), with their language and line.

export interface CodeBlock {
  /** The first word of the info string (`ts` in ```ts title="x"), lower-cased; '' when there is none. */
  lang: string;
  /** The block's text, each line ending with a newline. */
  code: string;
  /** The line of the opening fence, counted from 1. */
  line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const closing = new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !closing.test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    blocks.push({ lang: lang.toLowerCase(), code: body.map((l) => `${l}\n`).join(''), line: i + 1 });
    i = j; // an unclosed block runs to the end of the text
  }
  return blocks;
}
