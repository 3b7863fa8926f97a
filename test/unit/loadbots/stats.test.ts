import assert from "node:assert/strict";
import { cpuMsPerClientSecond, cpuPercent, machineCpuPercent, meanAndMax, otherCpuPercent, patchJitters, PatchClock, perClientPerSecond, ratePerSecond, threadCpuSeconds } from "../../../loadbots/stats.ts";
import { WorkerStats } from "../../../loadbots/workerStats.ts";

describe("loadbots stats", () => {
  it("measures patch jitter as how far each arrival gap differs from the server's send gap", () => {
    // Sent 33, 67, 33, 67, 33 ms apart (20 Hz over a 30 Hz tick); arrival gaps 33, 67, 43, 57, 34, 120.
    const sent = [0, 33, 100, 133, 200, 233, 300];
    const arrived = [1000, 1033, 1100, 1143, 1200, 1234, 1354];
    assert.deepEqual(patchJitters(arrived.map((a, i) => [a, sent[i]] as const)), [0, 0, 10, 10, 1, 53]);
    assert.deepEqual(patchJitters([[5, 0]]), []);
    assert.deepEqual(patchJitters([]), []);
  });

  it("reports each gap with its jitter, and nothing for the first patch", () => {
    const clock = new PatchClock();
    assert.equal(clock.onPatch(0, 0), undefined);
    assert.deepEqual(clock.onPatch(50, 33), { intervalMs: 50, jitterMs: 17 });
    assert.deepEqual(clock.onPatch(117, 100), { intervalMs: 67, jitterMs: 0 });
  });

  it("turns counters into rates", () => {
    assert.equal(ratePerSecond(100, 400, 500), 600);
    assert.equal(ratePerSecond(1, 2, 0), 0);
    assert.equal(cpuPercent(10, 10.5, 1000), 50);
    assert.equal(cpuPercent(10, 12, 1000), 200); // two cores busy
    assert.equal(perClientPerSecond(6000, 3), 2000);
    assert.equal(perClientPerSecond(6000, 0), 0);
  });

  it("measures how busy the whole machine was from two os.cpus() readings", () => {
    const core = (user: number, sys: number, idle: number) => ({ user, nice: 0, sys, idle, irq: 0 });
    const before = [core(1000, 500, 8000), core(2000, 0, 5000)];
    // Core 0: 300 busy of 400; core 1: 100 busy of 400 → 400 of 800.
    const after = [core(1200, 600, 8100), core(2100, 0, 5300)];
    assert.equal(machineCpuPercent(before, after), 50);
    assert.equal(machineCpuPercent(before, before), 0);
  });

  it("attributes the rest of the machine's CPU to other processes", () => {
    // 2 cores at 90%: bots took 80% of a core (40% of the machine), a local server 60% (30%).
    assert.equal(otherCpuPercent(90, 2, 80, 60, true), 20);
    assert.equal(otherCpuPercent(90, 2, 80, 60, false), 50); // a remote server's CPU is not on this machine
    assert.equal(otherCpuPercent(50, 2, 80, 60, true), 0);
    assert.equal(otherCpuPercent(90, 2, 80, null, true), null);
  });

  it("averages series, skipping gaps", () => {
    assert.deepEqual(meanAndMax([1, null, 3, undefined, 8]), { mean: 4, max: 8 });
    assert.deepEqual(meanAndMax([]), { mean: 0, max: 0 });
    assert.deepEqual(meanAndMax([-2, -1]), { mean: -1.5, max: -1 });
  });

  it("reports a worker's own CPU where Node measures threads, and null where it cannot", () => {
    const host = process as { threadCpuUsage?: () => NodeJS.CpuUsage };
    const original = Object.getOwnPropertyDescriptor(process, "threadCpuUsage");
    try {
      // Node without per-thread CPU time (20 and 22).
      Object.defineProperty(process, "threadCpuUsage", { value: undefined, configurable: true, writable: true });
      assert.equal(threadCpuSeconds(), null);
      assert.equal(new WorkerStats(0).sample().cpuPercent, null);

      // A thread that burns a quarter of a core between two samples.
      let micros = 1_000_000;
      host.threadCpuUsage = () => ({ user: micros, system: 0 });
      assert.equal(threadCpuSeconds(), 1);
      const stats = new WorkerStats(0);
      const started = performance.now();
      while (performance.now() - started < 40);
      micros += (performance.now() - started) * 250; // 0.25 µs of CPU per µs of wall time
      const cpu = stats.sample().cpuPercent;
      assert.ok(cpu !== null && cpu > 20 && cpu <= 25, `cpu ${cpu}`);
    } finally {
      if (original) Object.defineProperty(process, "threadCpuUsage", original);
      else delete host.threadCpuUsage;
    }
  });

  it("counts received chat lines as player lines or system lines", () => {
    const stats = new WorkerStats(0);
    stats.noteChatLine({ kind: "player", from: "abc", name: "bot-1", team: 0, text: "gg" });
    stats.noteChatLine({ kind: "player", from: "def", name: "bot-2", team: 1, text: "nice shot" });
    stats.noteChatLine({ kind: "system", text: "bot-3 joined" });
    stats.noteChatLine({ kind: "player", text: "no sender" }); // malformed: an error, not a line
    const sample = stats.sample();
    assert.deepEqual([sample.chatPlayerLinesReceived, sample.chatSystemLinesReceived], [2, 1]);
    assert.deepEqual(sample.errorMessages, { "chat: malformed line": 1 });
  });

  it("turns CPU over clients into milliseconds per client-second", () => {
    // 80% of a core for 400 clients, then 90% for 500: 1700 ms of CPU over 900 client-seconds.
    assert.equal(cpuMsPerClientSecond([{ cpuPercent: 80, clients: 400 }, { cpuPercent: 90, clients: 500 }]), 1700 / 900);
    assert.equal(cpuMsPerClientSecond([{ cpuPercent: null, clients: 400 }, { cpuPercent: 50, clients: 0 }]), null);
    assert.equal(cpuMsPerClientSecond([]), null);
  });
});
