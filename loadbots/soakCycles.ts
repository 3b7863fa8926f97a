// The soak's memory judgement over repeated load cycles (--cycles N): load, the bots leave,
// settle, and again, in one server lifetime. A process never gives all of its first load's
// memory back (the allocator keeps freed pages in its arenas, V8 keeps heap pages, Node
// keeps buffer pools), so its resident memory is not judged against its start; but what it
// kept after the first cycle is a high-water mark that later cycles reuse, while a leak adds
// to it with every cycle. So after each cycle k ≥ 2, RSS and heap must settle back to within
// a tolerance of their level after cycle 1. Pure functions of the readings.
import type { LeakCheck } from "./soakLeaks.ts";

const MiB = 2 ** 20;

/** What a process settled to after one cycle: the lowest reading of each measure once the bots had left. */
export interface CycleMemory {
  rssBytes: number;
  heapUsedBytes: number;
  /** False: no full GC ran in the settle phase, so the heap (and RSS with it) still held garbage. */
  fullGc?: boolean;
}

export interface CycleTolerances {
  /** RSS after cycle k may exceed RSS after cycle 1 by this many bytes, or by rssShare of it, whichever is more. */
  rssBytes: number;
  rssShare: number;
  /** The same for the heap used. */
  heapBytes: number;
  heapShare: number;
}

export const DEFAULT_CYCLE_TOLERANCES: CycleTolerances = {
  rssBytes: 16 * MiB,
  rssShare: 0.1,
  heapBytes: 8 * MiB,
  heapShare: 0.1,
};

/** The level a cycle settled to: each measure's lowest reading over its settle phase (null without readings). */
export function settledMemory(readings: readonly (CycleMemory | null)[]): CycleMemory | null {
  const read = readings.filter((r): r is CycleMemory => r !== null);
  if (read.length === 0) return null;
  return { rssBytes: Math.min(...read.map((r) => r.rssBytes)), heapUsedBytes: Math.min(...read.map((r) => r.heapUsedBytes)) };
}

const mib = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

/**
 * One check per process and measure (RSS, heap used): every cycle after the first settles
 * within the tolerance of the first's level. `afterCycle[k][p]` is process p after cycle
 * k + 1 (null: not read). No checks with fewer than two cycles.
 */
export function judgeCycles(labels: readonly string[], afterCycle: readonly (readonly (CycleMemory | null)[])[], tol: CycleTolerances): LeakCheck[] {
  if (afterCycle.length < 2) return [];
  const measures = [
    { key: "rssBytes", name: "RSS", bytes: tol.rssBytes, share: tol.rssShare },
    { key: "heapUsedBytes", name: "heap used", bytes: tol.heapBytes, share: tol.heapShare },
  ] as const;
  const last = afterCycle.length;
  return labels.flatMap((label, p) => measures.map(({ key, name, bytes, share }): LeakCheck => {
    const checkName = `${name} after cycle${last > 2 ? `s 2–${last}` : " 2"} vs after cycle 1 (MiB)`;
    const first = afterCycle[0][p]?.[key];
    const later = afterCycle.slice(1).map((cycle) => cycle[p]?.[key] ?? null);
    const shown = later.map((v) => (v === null ? "not read" : mib(v))).join(", ");
    if (first === undefined) return { name: checkName, process: label, start: "not read", end: shown, limit: "a reading after cycle 1", passed: false };
    const limit = first + Math.max(bytes, first * share);
    const passed = later.every((v) => v !== null && v <= limit);
    const rising = later.every((v, i) => v !== null && v > (i === 0 ? first : later[i - 1]!));
    const uncollected = afterCycle.flatMap((cycle, k) => (cycle[p]?.fullGc === false ? [k + 1] : []));
    const notes = [
      ...(rising ? ["it rose with every cycle: what a leak does"] : []),
      ...(uncollected.length > 0 ? [`no full GC ran after cycle ${uncollected.join(", ")} within --settle, so garbage was still held there`] : []),
    ];
    return {
      name: checkName, process: label, start: mib(first), end: shown, limit: `≤ ${mib(limit)}`, passed,
      ...(!passed && notes.length > 0 ? { note: notes.join("; ") } : {}),
    };
  }));
}
