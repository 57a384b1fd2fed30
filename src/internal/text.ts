import { visibleText } from './visible-text.js';

/** Most characters of a server message shown; the rest becomes an ellipsis. */
export const MESSAGE_DISPLAY_LIMIT = 280;
/** Most characters of one detail (browser, device, location) shown. */
export const DETAIL_DISPLAY_LIMIT = 120;

/**
 * Text from the server as shown: invisible and reordering characters removed (see visible-text.ts), then cut
 * to `limit` characters, by code point, ending with "…" when cut. Every server string the elements show goes
 * through here.
 */
export function truncateForDisplay(text: string, limit: number): string {
  text = visibleText(text);
  const codePoints = Array.from(text);
  return codePoints.length <= limit ? text : codePoints.slice(0, limit - 1).join('') + '…';
}

// Sanitizing `allow-html` messages: see sanitize.ts.
