import assert from "node:assert/strict";
import { teamName, teamsOutcome, teamTotals } from "../../../client/src/view/teams.ts";

describe("teams mode", () => {
  it("names the teams after their colours", () => {
    assert.deepEqual([teamName(0), teamName(1), teamName(2), teamName(7)], ["", "Blue", "Orange", ""]);
  });

  it("reads two totals, even from an empty or short score list", () => {
    assert.deepEqual(teamTotals([]), [0, 0]);
    assert.deepEqual(teamTotals([4]), [4, 0]);
    assert.deepEqual(teamTotals([50, 43]), [50, 43]);
  });

  it("names the winning team, congratulates its players, and calls a tie a draw", () => {
    assert.deepEqual(teamsOutcome([50, 43], 2, 1), { winner: 1, headline: "Blue team wins", score: "Blue 50 – 43 Orange" });
    assert.equal(teamsOutcome([50, 43], 1, 1).headline, "Your team won!");
    assert.deepEqual(teamsOutcome([12, 30], 1, 2), { winner: 2, headline: "Orange team wins", score: "Blue 12 – 30 Orange" });
    assert.equal(teamsOutcome([7, 7], 1, 0).headline, "It's a draw");
    assert.equal(teamsOutcome([7, 7], 1, 0).winner, 0);
  });
});
