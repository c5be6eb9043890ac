// The lines of a file or stdin as bytes. Decoding them as text would turn every byte that is not UTF-8
// into U+FFFD, so they are split at the byte '\n' and never decoded: a key or payload arrives exactly as
// it was written. A '\r' just before the '\n' is part of the line ending, for files written on Windows;
// a '\r' anywhere else is data, and a last line without '\n' is kept as it is.

const LF = 0x0a;
const CR = 0x0d;

export async function* lines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // A line that spans chunks is joined once, when its end arrives, not once per chunk.
  let pending: Buffer[] = [];
  for await (const chunk of input) {
    let start = 0;
    for (let end = chunk.indexOf(LF); end >= 0; end = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, end);
      const line = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
      pending = [];
      start = end + 1;
      yield line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}
