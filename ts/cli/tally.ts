// What `produce` reports: every message it sent ends up delivered (counted by partition) or failed
// (with its line number), and the summary line says how many of each.
import { count } from './words';

/** How many failures are printed one by one; the rest are counted. */
const listed = 5;

export class Tally {
  /** Messages handed to the producer, including those it refused at once. */
  sent = 0;
  readonly #failures: string[] = [];
  readonly #byPartition = new Map<number, number>();
  #delivered = 0;
  #wake: (() => void) | undefined;

  /** Sent, with no delivery report yet. */
  get inFlight(): number {
    return this.sent - this.#delivered - this.#failures.length;
  }

  get failed(): number {
    return this.#failures.length;
  }

  delivered(partition: number): void {
    this.#delivered++;
    this.#byPartition.set(partition, (this.#byPartition.get(partition) ?? 0) + 1);
    this.#wake?.();
  }

  fail(line: number, reason: string): void {
    this.#failures.push(`line ${line}: ${reason}`);
    this.#wake?.();
  }

  /** Resolves at the next delivery report (one waiter at a time). */
  nextReport(): Promise<void> {
    return new Promise<void>((resolve) => (this.#wake = resolve));
  }

  /** `sent 3, delivered 2, failed 1; by partition: 0=1 2=1` */
  summary(): string {
    const partitions = [...this.#byPartition].sort(([a], [b]) => a - b).map(([partition, n]) => `${partition}=${n}`);
    return `sent ${this.sent}, delivered ${this.#delivered}, failed ${this.failed}${partitions.length > 0 ? `; by partition: ${partitions.join(' ')}` : ''}`;
  }

  /** The first few failures, then how many more. */
  failureLines(): string[] {
    const more = this.#failures.length - listed;
    return [...this.#failures.slice(0, listed), ...(more > 0 ? [`... and ${count(more, 'more failure')}`] : [])];
  }
}
