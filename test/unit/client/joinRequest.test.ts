import assert from "node:assert/strict";
import { isPrivateRequest, joinRequestFor } from "../../../client/src/net/joinRequest.ts";

/** What a 1280×720 window shows (view/camera.ts). */
const VIEW = { width: 1529, height: 860 };

describe("menu choice → matchmaking request", () => {
  it("quick play asks for joinOrCreate with the chosen mode", () => {
    assert.deepEqual(joinRequestFor({ kind: "quickPlay", name: "Ann", mode: "teams" }, VIEW),
      { ok: true, value: { method: "joinOrCreate", options: { name: "Ann", mode: "teams", view: VIEW } } });
  });

  it("a private room is created with private: true", () => {
    const request = joinRequestFor({ kind: "createPrivate", name: "Ann", mode: "ffa" }, VIEW);
    assert.deepEqual(request, { ok: true, value: { method: "create", options: { name: "Ann", mode: "ffa", private: true, view: VIEW } } });
    assert.ok(request.ok && isPrivateRequest(request.value));
  });

  it("a typed code is normalized before joinById: case and surrounding spaces do not matter", () => {
    const request = joinRequestFor({ kind: "joinByCode", name: "Bob", typedCode: "  k7qxa " }, VIEW);
    assert.deepEqual(request, { ok: true, value: { method: "joinById", roomId: "K7QXA", options: { name: "Bob", view: VIEW }, privateRoom: true } });
    assert.ok(request.ok && isPrivateRequest(request.value), "joined by code: the HUD shows the code");
  });

  it("refuses what cannot be a code without asking the server", () => {
    for (const typed of ["", "K7QX", "K7QXAA", "K7 QX", "O0I1L", "K7QX!"]) {
      assert.deepEqual(joinRequestFor({ kind: "joinByCode", name: "Bob", typedCode: typed }, VIEW), { ok: false, error: "bad_code" }, typed);
    }
  });

  it("a room picked from the lobby is joined by its id as listed, and is public", () => {
    const request = joinRequestFor({ kind: "joinListed", name: "Cid", roomId: "aB3xY9zQw" }, VIEW);
    assert.deepEqual(request, { ok: true, value: { method: "joinById", roomId: "aB3xY9zQw", options: { name: "Cid", view: VIEW }, privateRoom: false } });
    assert.ok(request.ok && !isPrivateRequest(request.value));
  });
});
