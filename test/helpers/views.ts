// Clients that decode their own views, in-process: exactly what the room's serializer would
// send each of them (a full state on joining, then the shared patch and the view's part), and
// the SHOTS message the room sends each of them after the patch.
import assert from "node:assert/strict";
import { Decoder, Encoder, StateView } from "@colyseus/schema";
import { decodeShots, unwrapTick, type ShotLaunched, type ViewSize } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { InterestManager } from "../../server/game/interest.ts";

/** A shot a client was told of: as it arrived, with its whole spawn tick, and whether it was said to stop early. */
export interface ToldShot extends ShotLaunched {
  spawnTick: number;
  stopped: boolean;
}

export interface ViewingClient {
  readonly id: string;
  readonly view: StateView;
  /** What this client has decoded. */
  readonly state: ArenaState;
  readonly decoder: Decoder;
  /** Every shot it was told of, by id (a recycled id replaces the old shot). */
  readonly shots: Map<number, ToldShot>;
}

/** A client's fresh view (on joining or reconnecting: `size` as InterestManager.watch takes it) and the full state it is sent. */
export function watchAndDecode(encoder: Encoder, interest: InterestManager, id: string, size?: ViewSize): ViewingClient {
  const view = new StateView();
  interest.watch(id, view, size);
  const state = new ArenaState();
  const decoder = new Decoder(state);
  const it = { offset: 0 };
  encoder.encodeAll(it);
  decoder.decode(encoder.encodeAllView(view, it.offset, it));
  return { id, view, state, decoder, shots: new Map() };
}

/** The views brought up to date, then one patch and its SHOTS message to every client. */
export function patchAll(encoder: Encoder, interest: InterestManager, clients: Iterable<ViewingClient>): void {
  interest.update();
  const it = { offset: 0 };
  encoder.encode(it);
  const shared = it.offset;
  const byId = new Map<string, ViewingClient>();
  for (const client of clients) {
    client.decoder.decode(encoder.encodeView(client.view, shared, it));
    byId.set(client.id, client);
  }
  encoder.discardChanges();
  const tick = [...byId.values()][0]?.state.tick ?? 0;
  interest.flush(tick, (id, bytes) => {
    const client = byId.get(id);
    if (client) hearShots(client, bytes);
  });
}

function hearShots(client: ViewingClient, bytes: Uint8Array): void {
  const message = decodeShots(bytes);
  assert.ok(message.ok, "the server's SHOTS message decodes");
  const tick = unwrapTick(message.value.tick, client.state.tick);
  for (const shot of message.value.launched) client.shots.set(shot.id, { ...shot, spawnTick: tick - shot.age, stopped: false });
  for (const id of message.value.stopped) {
    const shot = client.shots.get(id);
    assert.ok(shot, `told that shot ${id} stopped, never told of it`);
    shot.stopped = true;
  }
}
