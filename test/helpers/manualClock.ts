import type { Clock } from "../../shared/delayLine.ts";

/** A clock that only moves when the test says, firing due timers in time order. */
export function manualClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (callback, ms) => { timers.set(++nextId, { at: now + ms, callback }); return nextId; },
    clearTimeout: (handle) => { timers.delete(handle as number); },
  };
  const advanceTo = (target: number) => {
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].callback();
    }
    now = target;
  };
  return { clock, advanceTo, advance: (ms: number) => advanceTo(now + ms), pendingTimers: () => timers.size };
}
