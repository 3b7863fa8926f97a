// Text measured the way people read it: in user-perceived characters (grapheme clusters), so
// a length limit never cuts an emoji, a flag or a letter with its accent in half.

const segmenter = typeof Intl !== "undefined" && typeof Intl.Segmenter === "function"
  ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
  : null;

/** The user-perceived characters of `text` (code points where Intl.Segmenter is missing). */
export function graphemes(text: string): string[] {
  return segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
}

export const graphemeCount = (text: string) => graphemes(text).length;

/** At most `max` whole user-perceived characters of `text`, from its start. */
export function truncateGraphemes(text: string, max: number): string {
  if (max <= 0) return "";
  if (text.length <= max) return text; // every character takes at least one UTF-16 unit
  if (!segmenter) return Array.from(text).slice(0, max).join("");
  let end = 0, count = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (count === max) break;
    end += segment.length;
    count++;
  }
  return text.slice(0, end);
}
