/**
 * PGlite runs no autovacuum daemon, so without this its planner never gets statistics and its
 * index-only scans never a visibility map: with default estimates it chose a bitmap scan over the
 * whole tenant for the duplicate check (306 ms at 1 million events; 4 ms after ANALYZE, on the
 * primary key). This does what autovacuum would for a table that mostly grows: VACUUM ANALYZE
 * once the rows written since the last one exceed a fifth of the table (at least `minRows`), in
 * the background, one at a time. Vacuum skips pages already all-visible, so each run costs about
 * the new rows. Less eager than autovacuum's analyze (a tenth, from 50 rows), because here it
 * holds the one connection the pipeline writes through.
 */
export class AutoVacuum {
  private written = 0;
  private rowsAtLast = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly o: {
      /** Runs VACUUM ANALYZE and answers the events table's estimated rows afterwards. */
      analyze(): Promise<number>;
      onError(err: unknown): void;
      minRows?: number;
    },
  ) {}

  /** At open: a database never analyzed (or analyzed by a version without this) is analyzed now. */
  async start(estimatedRows: number): Promise<void> {
    if (estimatedRows < 0) await this.run();
    else this.rowsAtLast = estimatedRows;
  }

  /** After every write; never waits. */
  noteWritten(rows: number): void {
    this.written += rows;
    const threshold = Math.max(this.o.minRows ?? 10_000, this.rowsAtLast / 5);
    if (this.written >= threshold && !this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
  }

  /** Waits for a run under way (before closing the database). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    this.written = 0;
    try {
      this.rowsAtLast = await this.o.analyze();
    } catch (err) {
      this.o.onError(err);
    }
  }
}
