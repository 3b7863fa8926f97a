// The warm-up after a match starts from a clean slate: no score, kills or deaths from the last one.
import assert from "node:assert/strict";
import { KILLS_TO_WIN, RESULTS_TICKS, TEAM_KILLS_TO_WIN } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import { playingGame } from "../../helpers/world.ts";

describe("ArenaGame: the next warm-up", () => {
  it("clears every score as it begins, not only when the countdown starts", () => {
    const { game, inputs, state } = playingGame(["a", "b"]);
    Object.assign(state.players.get("a")!, { kills: KILLS_TO_WIN, score: KILLS_TO_WIN, deaths: 3 });
    Object.assign(state.players.get("b")!, { kills: 3, score: 3, deaths: KILLS_TO_WIN });
    game.step(inputs);
    assert.equal(state.phase, MatchPhase.RESULTS);
    assert.equal(state.players.get("a")!.kills, KILLS_TO_WIN, "the results show the match's scores");
    for (let i = 0; i < RESULTS_TICKS && state.phase === MatchPhase.RESULTS; i++) game.step(inputs);
    assert.equal(state.phase, MatchPhase.WAITING);
    for (const id of ["a", "b"]) {
      const p = state.players.get(id)!;
      assert.deepEqual([p.score, p.kills, p.deaths], [0, 0, 0], `${id} starts the warm-up clean`);
    }
  });

  it("clears the team totals too", () => {
    const { game, inputs, state } = playingGame(["a", "b"], 42, "teams");
    state.teamScores[0] = TEAM_KILLS_TO_WIN;
    state.teamScores[1] = 12;
    game.step(inputs);
    assert.equal(state.phase, MatchPhase.RESULTS);
    for (let i = 0; i < RESULTS_TICKS && state.phase === MatchPhase.RESULTS; i++) game.step(inputs);
    assert.equal(state.phase, MatchPhase.WAITING);
    assert.deepEqual(Array.from(state.teamScores), [0, 0]);
  });
});
