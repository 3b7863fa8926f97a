import assert from "node:assert/strict";
import { RoomGroups } from "../../../loadbots/roomGroups.ts";

describe("loadbots room groups", () => {
  it("lets the first bot of a group create the room and the others wait for its id", async () => {
    const groups = new RoomGroups();
    let creates = 0;
    const create = async () => `room${++creates}`;
    const first = groups.roomId(3, create);
    const second = groups.roomId(3, create);
    const other = groups.roomId(4, create);
    assert.deepEqual([first.created, second.created, other.created], [true, false, true]);
    assert.deepEqual(await Promise.all([first.id, second.id, other.id]), ["room1", "room1", "room2"]);
  });

  it("hands creation to the next bot when the creator fails", async () => {
    const groups = new RoomGroups();
    const failed = groups.roomId(0, async () => { throw new Error("create refused"); });
    await assert.rejects(failed.id, /create refused/);
    const retry = groups.roomId(0, async () => "room9");
    assert.equal(retry.created, true);
    assert.equal(await retry.id, "room9");
  });

  it("generates each room's map once", () => {
    const groups = new RoomGroups();
    assert.equal(groups.map(42, 2400), groups.map(42, 2400));
    assert.notEqual(groups.map(42, 2400), groups.map(43, 2400));
    assert.equal(groups.map(42, 2800).width, 2800);
  });
});
