export interface KillFeedEntry {
  killer: string;
  victim: string;
  /** The local player scored this kill. */
  byMe: boolean;
  /** The local player died. */
  ofMe: boolean;
  at: number;
}

/** The last few kills, newest first, each shown for a while. */
export class KillFeed {
  private entries: KillFeedEntry[] = [];

  constructor(private readonly maxEntries = 5, private readonly lifetimeMs = 6000) {}

  add(entry: KillFeedEntry): void {
    this.entries.unshift(entry);
    if (this.entries.length > this.maxEntries) this.entries.length = this.maxEntries;
  }

  /** Entries still on screen at `now`; expired ones are dropped. */
  visible(now: number): readonly KillFeedEntry[] {
    this.entries = this.entries.filter((e) => now - e.at < this.lifetimeMs);
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

/** The feed line for a kill; a player who already left is still named something. */
export function killLine(killerName: string | undefined, victimName: string | undefined): string {
  return `${killerName || "Someone"}  ✖  ${victimName || "someone"}`;
}
