/** A worker's batch is at most this share of what is left, divided among the participants. */
const SPLIT = 4;

/**
 * The files still to check, by size (their cost is about proportional to it). Workers take the
 * largest first, in batches that shrink as the queue empties, so that nobody is left with a big
 * file at the end; the main thread, which also answers the workers between files, takes the
 * smallest ones, one at a time, so that it never keeps them waiting long.
 */
export class WorkQueue {
  /** Task indices, largest first (ties in task order). */
  private readonly order: number[];
  private front = 0;
  private back: number;
  private remaining = 0;

  constructor(
    private readonly sizes: readonly number[],
    private readonly participants: number,
  ) {
    this.order = sizes.map((_, i) => i).sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
    this.back = this.order.length;
    for (const size of sizes) this.remaining += size;
  }

  get empty(): boolean {
    return this.front >= this.back;
  }

  /** The size of what is left. */
  get size(): number {
    return this.remaining;
  }

  /** The largest files left, together about 1 / (SPLIT x participants) of the size left; at least one. */
  takeBatch(): number[] {
    const target = this.remaining / (SPLIT * this.participants);
    const batch: number[] = [];
    let size = 0;
    while (this.front < this.back && (batch.length === 0 || size < target)) {
      const index = this.order[this.front++] as number;
      batch.push(index);
      size += this.sizes[index] as number;
    }
    this.remaining -= size;
    return batch;
  }

  /** The smallest file left, or undefined when none is. */
  takeSmallest(): number | undefined {
    if (this.empty) return undefined;
    const index = this.order[--this.back] as number;
    this.remaining -= this.sizes[index] as number;
    return index;
  }
}
