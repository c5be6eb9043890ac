// Copies of small byte arrays packed into shared slabs. A FutureProducer copies the bytes of every send that
// must wait for room (it sends what the record held at the call); with an ArrayBuffer per copy, 200 000
// waiting sends of 100 B cost ~500 ns each in allocation and in backing stores for the GC to sweep.

/** Copies at most this long share slabs; longer ones get an ArrayBuffer of their own. */
const SHARED_UP_TO = 4096;
/** Small enough that a slab kept alive by one long-waiting copy costs little. */
const SLAB_BYTES = 256 * 1024;

/** Hands out copies as views into the current slab; a slab lives as long as any copy in it. */
export class ByteSlab {
  #slab = new ArrayBuffer(0);
  #used = 0;

  copy(bytes: Uint8Array): Uint8Array {
    const length = bytes.byteLength;
    if (length > SHARED_UP_TO) return new Uint8Array(bytes);
    if (this.#used + length > this.#slab.byteLength) {
      this.#slab = new ArrayBuffer(SLAB_BYTES);
      this.#used = 0;
    }
    const copy = new Uint8Array(this.#slab, this.#used, length);
    copy.set(bytes);
    this.#used += (length + 7) & ~7; // 8-byte aligned, as allocations are
    return copy;
  }
}
