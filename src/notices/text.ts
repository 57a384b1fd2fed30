import DOMPurify from 'dompurify';

/** Most characters of a server message shown; the rest becomes an ellipsis. */
export const MESSAGE_DISPLAY_LIMIT = 280;
/** Most characters of one detail (browser, device, location) shown. */
export const DETAIL_DISPLAY_LIMIT = 120;

/** Cuts text to `limit` characters, by code point, ending with "…" when cut. */
export function truncateForDisplay(text: string, limit: number): string {
  const codePoints = Array.from(text);
  return codePoints.length <= limit ? text : codePoints.slice(0, limit - 1).join('') + '…';
}

// The whole allowlist of `allow-html`: inline emphasis, line breaks and <time datetime>.
// No links, no images, no styles, no other attributes: nothing that can run, load or
// pretend to be part of the host page.
const ALLOWED_TAGS = ['b', 'strong', 'i', 'em', 'br', 'time'];
const ALLOWED_ATTR = ['datetime'];

/**
 * Sanitizes server text to the `allow-html` subset. Returns a DOM fragment, not a string,
 * so that nothing is parsed twice (which is how mutation XSS slips through).
 */
export function sanitizeToFragment(text: string): DocumentFragment {
  return DOMPurify.sanitize(text, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}
