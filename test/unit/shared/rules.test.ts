import assert from "node:assert/strict";
import { teamsWinner } from "../../../shared/sim/rules.ts";

describe("rules: the teams winner", () => {
  it("is the team strictly ahead", () => {
    assert.equal(teamsWinner([50, 43]), 1);
    assert.equal(teamsWinner([12, 30]), 2);
    assert.equal(teamsWinner([0, 1]), 2);
  });

  it("is nobody (0) on a tie or without scores", () => {
    assert.equal(teamsWinner([7, 7]), 0);
    assert.equal(teamsWinner([0, 0]), 0);
    assert.equal(teamsWinner([]), 0);
  });

  it("reads any array-like of totals, as the schema's array", () => {
    assert.equal(teamsWinner({ length: 2, 0: 3, 1: 9 }), 2);
  });
});
