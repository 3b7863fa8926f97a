// What the bots of one worker share about their rooms: which room each group plays in,
// and each room's map (generated once per worker from the room's seed). Not the state:
// each client's view of a room is its own (interest management), so every bot decodes it.
import { generateMap, type ArenaMap } from "../shared/sim/map.ts";

/**
 * The room each group of bots shares. The first bot to ask creates it; the others wait
 * for its id and join by id. If the creator fails, the next bot to ask creates instead.
 */
export class RoomGroups {
  private readonly rooms = new Map<number, Promise<string>>();
  private readonly maps = new Map<string, ArenaMap>();

  roomId(group: number, create: () => Promise<string>): { created: boolean; id: Promise<string> } {
    const existing = this.rooms.get(group);
    if (existing) return { created: false, id: existing };
    const id = create();
    this.rooms.set(group, id);
    id.catch(() => { if (this.rooms.get(group) === id) this.rooms.delete(group); });
    return { created: true, id };
  }

  /** Maps are a pure function of the seed and size: generate each once per worker. */
  map(seed: number, size: number): ArenaMap {
    const key = `${seed}:${size}`;
    let map = this.maps.get(key);
    if (!map) this.maps.set(key, (map = generateMap(seed, size)));
    return map;
  }
}
