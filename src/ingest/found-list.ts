/**
 * The files a walk has met, in the order met: a path and its facts, in plain arrays. A Map
 * keyed by path did the same at a cost: hashing every path and growing the table took about a
 * tenth of a walk of the mixed benchmark share (73,555 files in one thread: 503 against 588 ms,
 * medians of 12 alternating runs), and the walk is most of an unchanged re-ingest.
 *
 * The folder walk meets each path once (a tree is walked once: ShareWalker's `walkedTrees`),
 * so only a file named as a PATH can be met again. From the first such file on, every path
 * is indexed (`watchRepeats`), and the list then behaves as a Map would: a file is added once,
 * and a problem found for a path replaces what was recorded for it.
 */
export class FoundList {
  readonly paths: string[] = [];
  /** Index into the walk's `bases` of the folder each file was found under. */
  readonly bases: number[] = [];
  readonly sizes: number[] = [];
  readonly mtimesUs: number[] = [];
  /** Where each path is, once a file named as a PATH was met; null before (no path can repeat). */
  private positions: Map<string, number> | null = null;

  /** From now on, a path may be met again (a file named as a PATH): index every path. */
  watchRepeats(): void {
    this.positions ??= new Map(this.paths.map((file, i) => [file, i]));
  }

  /** Whether `file` was recorded; false until repeats are watched, since none can happen before (nothing is looked up). */
  has(file: string): boolean {
    return this.positions?.has(file) ?? false;
  }

  /** Records a file, or replaces what was recorded for it. */
  set(file: string, base: number, size: number, mtimeUs: number): void {
    let at = this.positions?.get(file);
    if (at === undefined) {
      at = this.paths.length;
      this.paths.push(file);
      this.positions?.set(file, at);
    }
    this.bases[at] = base;
    this.sizes[at] = size;
    this.mtimesUs[at] = mtimeUs;
  }
}
