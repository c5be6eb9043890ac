// A progress line on stderr, only when stderr is a terminal, redrawn at most ten times a second.
import { count } from './words';

export class Progress {
  readonly #enabled: boolean;
  readonly #total: number | undefined;
  readonly #unit: string;
  #drawnAt = 0;

  /**
   * `total`: the amount at 100% (bytes of a file, messages), or undefined to show a count only.
   * `unit`: what is counted, in the singular ("message"), so that the count can say "1 message".
   */
  constructor(total: number | undefined, unit: string, enabled = process.stderr.isTTY === true) {
    this.#enabled = enabled;
    this.#total = total;
    this.#unit = unit;
  }

  update(done: number, label = ''): void {
    if (!this.#enabled) return;
    const now = Date.now();
    if (now - this.#drawnAt < 100) return;
    this.#drawnAt = now;
    let line = count(done, this.#unit);
    if (this.#total !== undefined && this.#total > 0) {
      const fraction = Math.min(1, done / this.#total);
      const width = 30;
      const filled = Math.round(fraction * width);
      line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`;
    }
    process.stderr.write(`\r${line} ${label}\x1b[K`);
  }

  done(): void {
    if (this.#enabled && this.#drawnAt > 0) process.stderr.write('\r\x1b[K');
  }
}
