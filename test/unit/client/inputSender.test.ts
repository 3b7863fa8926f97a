import assert from "node:assert/strict";
import { InputSender } from "../../../client/src/net/InputSender.ts";
import { decodeInputFrames, type WireInput } from "../../../shared/protocol.ts";
import { Button } from "../../../shared/sim/types.ts";

/** An InputSender whose messages are decoded back into frames, one array per message. */
function sender() {
  const messages: WireInput[][] = [];
  let ack = 0;
  const input = new InputSender((bytes) => {
    const out = Array.from({ length: 4 }, () => ({ mx: 0, my: 0, aim: 0, buttons: 0, view: 0 }));
    const count = decodeInputFrames(bytes, 0, out);
    assert.ok(count.ok, "every message decodes");
    messages.push(out.slice(0, count.value).map((f) => ({ ...f })));
  }, () => ack);
  return { input, messages, acknowledge: (n: number) => { ack = n; } };
}

describe("InputSender", () => {
  it("sends frames two to a message, numbering every frame", () => {
    const { input, messages } = sender();
    for (let i = 0; i < 6; i++) {
      input.data.mx = i % 2 ? 1 : -1;
      assert.equal(input.send(), i + 1);
    }
    assert.deepEqual(messages.map((m) => m.map((f) => f.mx)), [[-1, 1], [-1, 1], [-1, 1]]);
  });

  it("sends an urgent frame at once, with the one waiting before it", () => {
    const { input, messages } = sender();
    input.send();
    input.data.buttons = Button.FIRE;
    input.data.view = 1234;
    input.send(true);
    assert.equal(messages.length, 1);
    assert.deepEqual(messages[0].map((f) => [f.buttons, f.view]), [[0, 0], [Button.FIRE, 1234]]);
    input.send(true);
    assert.equal(messages.length, 2, "alone, when nothing waits");
  });

  it("flushes a frame left waiting, and forgets it on a reset", () => {
    const { input, messages } = sender();
    input.send();
    input.flush();
    assert.equal(messages.length, 1);
    input.flush();
    assert.equal(messages.length, 1, "nothing to flush");
    input.send();
    const epoch = input.epoch;
    input.reset();
    input.flush();
    assert.equal(messages.length, 1, "a frame from before the reconnection is never sent");
    assert.equal(input.sentCount, 0);
    assert.notEqual(input.epoch, epoch);
  });

  it("reads the acknowledgement from the state it is given", () => {
    const { input, acknowledge } = sender();
    acknowledge(17);
    assert.equal(input.lastProcessed, 17);
  });
});
