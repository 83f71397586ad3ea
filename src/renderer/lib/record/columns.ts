// Growable typed-array columns: a run's history stored as numbers in flat buffers (about 9 bytes
// per state change instead of a ~100-byte object), grown by doubling, outside the JS heap.
// Runs in the renderer; task tracks, the console log and the core timeline are built on it.

type Typed = Float64Array | Float32Array | Int32Array | Uint8Array;

/** First capacity of a column: a short run never reallocates. */
const INITIAL_CAPACITY = 64;

class Column<T extends Typed> {
  data: T;
  length = 0;

  constructor(private readonly make: (capacity: number) => T) {
    this.data = make(INITIAL_CAPACITY);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Opens a gap at `index` (later values move up one) and writes `value` there. */
  insert(index: number, value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data.copyWithin(index + 1, index, this.length);
    this.data[index] = value;
    this.length++;
  }

  at(index: number): number {
    return this.data[index]!;
  }

  /** The last value, or `fallback` when empty. */
  last(fallback: number): number {
    return this.length > 0 ? this.data[this.length - 1]! : fallback;
  }

  clear(): void {
    this.length = 0;
  }

  private grow(needed: number): void {
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = this.make(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

export class F64Column extends Column<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

export class F32Column extends Column<Float32Array> {
  constructor() {
    super((n) => new Float32Array(n));
  }
}

export class I32Column extends Column<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

export class U8Column extends Column<Uint8Array> {
  constructor() {
    super((n) => new Uint8Array(n));
  }
}

/**
 * Index of the last value ≤ `t` among the first `length` of sorted `values`, or -1 when every
 * value is greater. Binary search: drawing and hit tests touch only what is in view.
 */
export function lastAtOrBefore(values: ArrayLike<number>, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first value ≥ `t` among the first `length` of sorted `values` (`length` if none). */
export function firstAtOrAfter(values: ArrayLike<number>, length: number, t: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
