// The scoreboard order lives in shared/: the server decides the winner with the same rule.
export { compareStandings, soleLeader, sortStandings, type Standing, type StandingSource } from "../../../shared/standings.ts";
