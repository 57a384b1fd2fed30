/** Most characters of a server message shown; the rest becomes an ellipsis. */
export const MESSAGE_DISPLAY_LIMIT = 280;
/** Most characters of one detail (browser, device, location) shown. */
export const DETAIL_DISPLAY_LIMIT = 120;

/** Cuts text to `limit` characters, by code point, ending with "…" when cut. */
export function truncateForDisplay(text: string, limit: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= limit ? text : codePoints.slice(0, limit - 1).join('') + '…';
}

// Sanitizing `allow-html` messages: see sanitize.ts.
