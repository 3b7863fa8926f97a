import { CHAT_MAX_LENGTH } from "../../../shared/constants.ts";
import { ChatLog, isShown, visibleChatLines, type ChatLineView } from "../chat/chatLines.ts";
import { isEditable } from "../input/isEditable.ts";
import { chatLineElement } from "./chatLineElement.ts";
import { loadShowSystemLines, saveShowSystemLines } from "./chatPreferences.ts";
import { byId } from "./dom.ts";

/** How long the "slow down" notice stays up. */
const NOTICE_MS = 4000;

/**
 * The in-match chat: a log of recent lines and, after Enter (or the Chat button on a touch
 * screen), a text line to type in.
 * While the line has focus the game ignores the keyboard (KeyboardControls skips text fields).
 * A small toggle hides the system lines (joins, leaves); the choice is remembered.
 */
export class ChatPanel {
  private readonly window: Window;
  private readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly notice: HTMLElement;
  private readonly systemToggle: HTMLInputElement;
  private readonly log = new ChatLog();
  private send: ((text: string) => void) | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private showSystem: boolean;

  constructor(private readonly doc: Document, private readonly storage?: Storage) {
    this.window = doc.defaultView ?? window;
    this.root = byId(doc, "chat", HTMLElement);
    this.list = byId(doc, "chat-log", HTMLElement);
    this.input = byId(doc, "chat-input", HTMLInputElement);
    this.notice = byId(doc, "chat-notice", HTMLElement);
    this.systemToggle = byId(doc, "chat-show-system", HTMLInputElement);
    // Touch screens open the line with a button (no Enter key); pressing it keeps the line's focus.
    const openButton = byId(doc, "chat-open", HTMLButtonElement);
    openButton.addEventListener("pointerdown", (event) => event.preventDefault());
    openButton.addEventListener("click", () => { if (this.send && !this.typing) this.openLine(); });
    this.input.maxLength = CHAT_MAX_LENGTH;
    this.input.addEventListener("keydown", this.onInputKey);
    this.input.addEventListener("blur", () => this.closeLine());
    this.showSystem = loadShowSystemLines(storage);
    this.systemToggle.checked = this.showSystem;
    this.systemToggle.addEventListener("change", () => {
      this.setShowSystem(this.systemToggle.checked);
      // The toggle must not keep focus: Space and Enter belong to the game.
      this.systemToggle.blur();
    });
  }

  /** Whether system lines (joins, leaves) are shown. */
  get showsSystemLines(): boolean {
    return this.showSystem;
  }

  setShowSystem(show: boolean): void {
    this.showSystem = show;
    this.systemToggle.checked = show;
    saveShowSystemLines(this.storage, show);
    this.render();
  }

  get typing(): boolean {
    return this.root.classList.contains("chat--typing");
  }

  /** Shows the panel for a match; `send` delivers a line the player typed. */
  attach(send: (text: string) => void): void {
    this.send = send;
    this.root.hidden = false;
    this.window.addEventListener("keydown", this.onWindowKey);
  }

  /** Hides the panel and forgets the match's lines. */
  detach(): void {
    this.window.removeEventListener("keydown", this.onWindowKey);
    this.send = null;
    this.closeLine();
    this.log.clear();
    this.list.replaceChildren();
    this.hideNotice();
    this.root.hidden = true;
  }

  add(line: ChatLineView): void {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 24;
    const dropped = this.log.add(line);
    // Lines scrolled out of the log may be hidden ones: draw the shown ones again.
    if (dropped > 0) this.render();
    else if (isShown(line, this.showSystem)) this.list.append(chatLineElement(this.doc, line));
    if (atBottom || !this.typing) this.list.scrollTop = this.list.scrollHeight;
  }

  private render(): void {
    this.list.replaceChildren(...visibleChatLines(this.log.lines, this.showSystem).map((line) => chatLineElement(this.doc, line)));
    this.list.scrollTop = this.list.scrollHeight;
  }

  showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.hideNotice(), NOTICE_MS);
  }

  private hideNotice(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    this.notice.hidden = true;
  }

  private openLine(): void {
    this.root.classList.add("chat--typing");
    this.input.hidden = false;
    this.input.focus();
  }

  private closeLine(): void {
    if (!this.typing) return;
    this.root.classList.remove("chat--typing");
    this.input.value = "";
    this.input.hidden = true;
    this.input.blur();
  }

  private readonly onWindowKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.isComposing || this.typing || isEditable(event.target)) return;
    // Enter on a focused button ("Back to menu", "Copy") presses that button.
    if (event.target instanceof HTMLElement && event.target.closest("button, a")) return;
    event.preventDefault();
    this.openLine();
  };

  private readonly onInputKey = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    if (event.key === "Enter") {
      const text = this.input.value.trim();
      if (text) this.send?.(text);
      this.closeLine();
    } else if (event.key === "Escape") {
      this.closeLine();
    } else {
      return;
    }
    // Esc here cancels the line; it must not also leave the match.
    event.preventDefault();
    event.stopPropagation();
  };
}
