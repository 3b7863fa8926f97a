// Chat lines as the panel shows them: plain strings and colours, never markup.
import type { ChatLine, ChatRejected } from "../../../shared/protocol.ts";
import { TeamTextColor, TextColor } from "../view/palette.ts";

/** Lines kept in the panel; older ones scroll away for good. */
export const CHAT_HISTORY_LINES = 50;

export type ChatLineView =
  | { kind: "player"; name: string; nameColor: string; text: string; mine: boolean }
  | { kind: "system"; text: string };

/** How a line from the server reads on this client. Text stays exactly as sent: the panel puts it in textContent. */
export function viewChatLine(line: ChatLine, selfSessionId: string): ChatLineView {
  if (line.kind === "system") return { kind: "system", text: line.text };
  const mine = line.from === selfSessionId;
  const nameColor = line.team > 0 ? TeamTextColor[line.team] ?? TextColor.primary : mine ? TextColor.accent : TextColor.name;
  return { kind: "player", name: line.name || "Player", nameColor, text: line.text, mine };
}

/** Whether the panel shows a line: people's lines always, system lines (joins, leaves) unless hidden. */
export const isShown = (line: ChatLineView, showSystem: boolean) => line.kind !== "system" || showSystem;

/** The lines the panel shows, oldest first. */
export function visibleChatLines(lines: readonly ChatLineView[], showSystem: boolean): ChatLineView[] {
  return lines.filter((line) => isShown(line, showSystem));
}

/** The notice shown when the server refused a line for coming too fast. */
export function rateLimitNotice(rejected: ChatRejected): string {
  const seconds = Math.max(1, Math.ceil(rejected.retryInMs / 1000));
  return `Slow down: you can chat again in ${seconds} s.`;
}

/** The last CHAT_HISTORY_LINES lines, oldest first. */
export class ChatLog {
  private readonly kept: ChatLineView[] = [];

  constructor(readonly capacity = CHAT_HISTORY_LINES) {}

  get lines(): readonly ChatLineView[] {
    return this.kept;
  }

  /** Adds a line and returns how many of the oldest fell off, so a view can drop as many. */
  add(line: ChatLineView): number {
    this.kept.push(line);
    const dropped = Math.max(0, this.kept.length - this.capacity);
    if (dropped > 0) this.kept.splice(0, dropped);
    return dropped;
  }

  clear(): void {
    this.kept.length = 0;
  }
}
