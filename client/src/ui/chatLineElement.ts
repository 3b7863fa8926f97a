import type { ChatLineView } from "../chat/chatLines.ts";

/** The part of Document this needs (a fake in tests). */
export interface ElementMaker {
  createElement(tag: "li" | "span"): HTMLElement;
}

/**
 * One chat line as DOM. Every piece of text goes in through textContent: a line that
 * looks like markup shows as those characters, and can never become markup.
 */
export function chatLineElement(doc: ElementMaker, line: ChatLineView): HTMLElement {
  const item = doc.createElement("li");
  if (line.kind === "system") {
    item.className = "chat__line chat__line--system";
    item.textContent = line.text;
    return item;
  }
  item.className = line.mine ? "chat__line chat__line--mine" : "chat__line";
  const name = doc.createElement("span");
  name.className = "chat__name";
  name.style.color = line.nameColor;
  name.textContent = line.name;
  const text = doc.createElement("span");
  text.className = "chat__text";
  text.textContent = line.text;
  item.append(name, text);
  return item;
}
