/** Attributes a drop-in `<script data-…>` may pass on to the element it mounts. */
export const MOUNTABLE_ATTRIBUTES = [
  'hub-url',
  'keepalive-url',
  'status-url',
  'logout-url',
  'warn-before',
  'keepalive-interval',
  'ended-action',
  'ended-url',
  'expired-action',
  'expired-url',
  'autosave-forms',
  'allow-html',
  'max-notices',
  'user-id',
  'autosave-timeout',
  'lang',
] as const;

/**
 * Mounts one `<session-awareness>` configured from the `data-*` twins of its attributes
 * on a script tag, if the tag has `data-hub-url`. Returns the element, or null when there
 * is nothing to mount. Unknown `data-*` attributes are ignored, not copied.
 */
export function mountFromScript(script: Element | null, doc: Document | undefined = globalThis.document): HTMLElement | null {
  if (!doc) return null;
  if (!script || !script.hasAttribute('data-hub-url')) return null;
  const element = doc.createElement('session-awareness');
  for (const name of MOUNTABLE_ATTRIBUTES) {
    const value = script.getAttribute(`data-${name}`);
    if (value !== null) element.setAttribute(name, value);
  }
  const append = (): void => {
    doc.body.append(element);
  };
  if (doc.body) append();
  else doc.addEventListener('DOMContentLoaded', append, { once: true });
  return element;
}
