// Clients that decode their own views, in-process: exactly what the room's serializer would
// send each of them (a full state on joining, then the shared patch and the view's part).
import { Decoder, Encoder, StateView } from "@colyseus/schema";
import type { ViewSize } from "../../shared/protocol.ts";
import { ArenaState } from "../../shared/schema.ts";
import type { InterestManager } from "../../server/game/interest.ts";

export interface ViewingClient {
  readonly id: string;
  readonly view: StateView;
  /** What this client has decoded. */
  readonly state: ArenaState;
  readonly decoder: Decoder;
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
  return { id, view, state, decoder };
}

/** The views brought up to date, then one patch to every client. */
export function patchAll(encoder: Encoder, interest: InterestManager, clients: Iterable<ViewingClient>): void {
  interest.update();
  const it = { offset: 0 };
  encoder.encode(it);
  const shared = it.offset;
  for (const client of clients) client.decoder.decode(encoder.encodeView(client.view, shared, it));
  encoder.discardChanges();
}
