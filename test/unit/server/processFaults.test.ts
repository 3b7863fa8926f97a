import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { ServerMetrics } from "../../../server/metrics.ts";
import { watchProcessFaults } from "../../../server/processFaults.ts";
import { captureLog } from "../../helpers/captureLog.ts";

/** A stand-in for `process`: its events, and exit() recorded instead of done. */
function fakeProcess() {
  const exits: number[] = [];
  const emitter = Object.assign(new EventEmitter(), { exit: (code: number) => { exits.push(code); } });
  return { target: emitter as unknown as NodeJS.Process, emitter, exits };
}

describe("process fault handlers", () => {
  it("log and count an unhandled rejection, and keep the process running", () => {
    const { target, emitter, exits } = fakeProcess();
    const { log, records } = captureLog();
    const metrics = new ServerMetrics();
    watchProcessFaults(target, log, metrics);
    emitter.emit("unhandledRejection", new Error("metadata write failed"), Promise.resolve());
    assert.equal(metrics.counts.unhandledRejections, 1);
    assert.equal(records[0].event, "unhandled_rejection");
    assert.match(String((records[0].err as { message: string }).message), /metadata write failed/);
    assert.deepEqual(exits, []);
  });

  it("log an uncaught exception as fatal and exit 1 for the supervisor to restart", () => {
    const { target, emitter, exits } = fakeProcess();
    const { log, records } = captureLog();
    watchProcessFaults(target, log, new ServerMetrics());
    emitter.emit("uncaughtException", new Error("corrupt"));
    assert.equal(records[0].event, "uncaught_exception");
    assert.equal(records[0].level, 60);
    assert.deepEqual(exits, [1]);
  });
});
