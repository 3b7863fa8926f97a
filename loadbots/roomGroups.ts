// What the bots of one worker share about their rooms: which room each group plays in,
// each room's decoded state (one decoder per room per worker), and each room's map
// (generated once per worker from the room's seed).
import { generateMap, type ArenaMap } from "../shared/sim/map.ts";

/**
 * The room each group of bots shares. The first bot to ask creates it; the others wait
 * for its id and join by id. If the creator fails, the next bot to ask creates instead.
 */
export class RoomGroups {
  private readonly rooms = new Map<number, Promise<string>>();
  private readonly maps = new Map<number, ArenaMap>();
  private readonly states = new Map<string, unknown>();

  roomId(group: number, create: () => Promise<string>): { created: boolean; id: Promise<string> } {
    const existing = this.rooms.get(group);
    if (existing) return { created: false, id: existing };
    const id = create();
    this.rooms.set(group, id);
    id.catch(() => { if (this.rooms.get(group) === id) this.rooms.delete(group); });
    return { created: true, id };
  }

  /**
   * The state every bot of this worker in room `roomId` reads. The first bot to enter the
   * room offers its own, decodes it for all (`decodes: true`) and keeps it current; the
   * others read that one and need not decode their own patches. A room of 16 bots then
   * pays for one decode instead of 16: decoding is most of a bot's CPU. If the decoding
   * bot leaves, the others play on the last state it saw.
   */
  sharedState<S>(roomId: string, own: S): { state: S; decodes: boolean } {
    const shared = this.states.get(roomId) as S | undefined;
    if (shared !== undefined) return { state: shared, decodes: false };
    this.states.set(roomId, own);
    return { state: own, decodes: true };
  }

  /** Maps are a pure function of the seed: generate each once per worker. */
  map(seed: number): ArenaMap {
    let map = this.maps.get(seed);
    if (!map) this.maps.set(seed, (map = generateMap(seed)));
    return map;
  }
}
