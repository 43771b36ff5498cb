// Timing helpers for the benchmarks: every figure is compared with a baseline measured in the same run,
// so the ratios, not the absolute numbers, are what carries from one machine to another.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** The machine the figures come from. */
export function printMachine(): void {
  const cpus = os.cpus();
  console.log(`node ${process.version} on ${os.platform()}/${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GB`);
}

/** The server and the settings that decide what a write costs. */
export async function printPostgres(db: Db): Promise<void> {
  const show = async (setting: string) => (await sql<Record<string, string>>`${sql.raw(`show ${setting}`)}`.execute(db)).rows[0]?.[setting];
  console.log(`PostgreSQL ${await show('server_version')} (fsync ${await show('fsync')}, synchronous_commit ${await show('synchronous_commit')})`);
}

/** Results land here so the JIT cannot drop a call whose value nobody reads. */
export let sink: unknown;

export interface Figures {
  opsPerSec: number;
  /** Per-operation latency in ms, when each operation was timed on its own (database benchmarks). */
  p50?: number;
  p95?: number;
}

export type SyncOp = (i: number) => unknown;

/**
 * Throughput of synchronous operations: each is warmed up, then they take turns running timed samples
 * of about `sampleMs` (so background load hits all of them alike); each reports its median sample.
 * An operation gets the iteration number so it can cycle through inputs.
 */
export function measureSync<T extends SyncOp[]>(ops: [...T], { warmupMs = 200, samples = 15, sampleMs = 60 } = {}): { [K in keyof T]: Figures } {
  const runs = ops.map((fn) => {
    let i = 0;
    const end = performance.now() + warmupMs;
    while (performance.now() < end) sink = fn(i++);
    // Read the clock about every 0.1 ms, not once per call.
    return { fn, batch: Math.max(1, Math.ceil(i / warmupMs / 10)), rates: [] as number[] };
  });
  for (let s = 0; s < samples; s++) {
    for (const run of runs) {
      let n = 0;
      let elapsed = 0;
      const start = performance.now();
      while (elapsed < sampleMs) {
        for (let b = 0; b < run.batch; b++) sink = run.fn(n++);
        elapsed = performance.now() - start;
      }
      run.rates.push((n / elapsed) * 1000);
    }
  }
  return runs.map((run) => ({ opsPerSec: percentile(run.rates, 50) })) as { [K in keyof T]: Figures };
}

/** Per-call latencies of an asynchronous operation; calls made while `warm` is false are not kept. */
export class Latencies {
  private readonly ms: number[] = [];

  async time<T>(warm: boolean, op: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await op();
    if (warm) this.ms.push(performance.now() - start);
    return result;
  }

  get count(): number {
    return this.ms.length;
  }

  /** Sequential throughput: calls per second of time spent inside the calls. */
  figures(): Figures {
    const total = this.ms.reduce((a, b) => a + b, 0);
    return { opsPerSec: (this.ms.length / total) * 1000, p50: percentile(this.ms, 50), p95: percentile(this.ms, 95) };
  }
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface Row {
  name: string;
  figures: Figures;
  /** Name of the row this one is compared with; a row without one is a baseline. */
  baseline?: string;
}

/**
 * Prints the results. ratio = time per operation ÷ the baseline's time per operation
 * (= baseline ops/s ÷ ops/s): "one of these costs as much as N baseline operations". Where each
 * call was timed, "p50 ratio" compares the medians, which a few slow disk flushes do not move.
 */
export function printTable(rows: Row[]): void {
  const byName = new Map(rows.map((r) => [r.name, r.figures]));
  const cells = rows.map((r) => {
    const base = r.baseline === undefined ? undefined : byName.get(r.baseline);
    return [
      r.name,
      formatRate(r.figures.opsPerSec),
      formatMs(r.figures.p50),
      formatMs(r.figures.p95),
      r.baseline ?? '(baseline)',
      base ? times(base.opsPerSec / r.figures.opsPerSec) : '',
      base?.p50 && r.figures.p50 ? times(r.figures.p50 / base.p50) : '',
    ];
  });
  const header = ['benchmark', 'ops/s', 'p50', 'p95', 'baseline', 'ratio', 'p50 ratio'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row));
}

function times(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

function formatRate(opsPerSec: number): string {
  return Math.round(opsPerSec).toLocaleString('en-US');
}

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}
