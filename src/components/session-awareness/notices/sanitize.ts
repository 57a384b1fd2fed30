import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

// The whole allowlist of `allow-html`: inline emphasis, line breaks and <time datetime>.
// No links, no images, no styles, no other attributes: nothing that can run, load or
// pretend to be part of the host page.
const ALLOWED_TAGS = ['b', 'strong', 'i', 'em', 'br', 'time'];
const ALLOWED_ATTR = ['datetime'];
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Goes before the text: the document's first <base>, one that CSP is never asked about. */
const INERT_BASE = '<base href="data:,">';

// A private instance: a host page that shares the `dompurify` module (the npm build) may
// setConfig() or addHook() on the default one, which would change what ours keeps.
let purifier: Purifier | undefined;

/**
 * Sanitizes server text to the `allow-html` subset, as a fragment of `target` (the live
 * document), or undefined when it could not be sanitized (the caller shows it as text).
 *
 * Two steps, so that no request, no handler, no CSP report and no Trusted Types sink is
 * ever reached:
 * 1. DOMPurify parses with DOMParser, whose document is inert (no loads, no scripts), and
 *    returns its fragment of that inert document (not imported into ours). It returns null
 *    when the parsed document has no <body> (`<frameset>` replaces it), and may throw: both
 *    are "could not sanitize", undefined here. An inert document still has the page's CSP,
 *    which checks one thing while parsing: the first <base href> (base-uri). So the markup
 *    starts with a <base href="data:,">, which is exempt (data: bases are ignored before CSP
 *    is asked) and outranks any <base> in the text. It lands in <head>, which DOMPurify
 *    neither walks nor returns, and takes the text's leading white space with it.
 * 2. Only what the allowlist names is re-created in `target` by DOM calls (createElement,
 *    createTextNode, setAttribute('datetime')): correct by construction even if step 1
 *    kept something it should not have; disallowed elements keep only their text.
 */
export function sanitizeHtml(text: string, target: Document = document): DocumentFragment | undefined {
  const fragment = target.createDocumentFragment();
  // Nothing to parse: no tag, no character reference.
  if (!/[<&]/.test(text)) {
    fragment.append(text);
    return fragment;
  }
  try {
    purifier ??= DOMPurify(window);
    // Not always the fragment its typings promise: where DOMPurify cannot work (no usable DOM) it hands back its input,
    // a string, and without a body it gives null.
    const parsed = purifier.sanitize(INERT_BASE + text, {
      // 'body' only so that DOMPurify keeps its walk root: a disallowed root gets its
      // children hoisted as clones, and a cloned unfinished <script> (`x<script>a`) is a
      // Trusted Types violation even in the inert document. It is never copied (step 2).
      ALLOWED_TAGS: [...ALLOWED_TAGS, 'body'],
      ALLOWED_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    }) as DocumentFragment | string | null;
    if (!parsed || typeof parsed !== 'object') return undefined;
    const leadingSpace = /^[\t\n\f\r ]+/.exec(text);
    if (leadingSpace) fragment.append(leadingSpace[0]);
    copyAllowed(parsed, fragment, target);
    return fragment;
  } catch {
    return undefined;
  }
}

/** Re-creates `from`'s allowed children under `to`, in `target`. */
function copyAllowed(from: Node, to: Node, target: Document): void {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.appendChild(target.createTextNode((node as Text).data));
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      const name = element.localName;
      if (element.namespaceURI === HTML_NAMESPACE && ALLOWED_TAGS.includes(name)) {
        const copy = target.createElement(name);
        const datetime = name === 'time' ? element.getAttribute('datetime') : null;
        if (datetime !== null) copy.setAttribute('datetime', datetime);
        // <br> is void: nothing may hang below it.
        if (name !== 'br') copyAllowed(element, copy, target);
        to.appendChild(copy);
      } else {
        copyAllowed(element, to, target);
      }
    }
    // Comments, CDATA, processing instructions, doctypes: dropped.
  }
}

/** Like sanitizeHtml, but never returns nothing: text that cannot be sanitized is shown as text. */
export function sanitizeToFragment(text: string, target: Document = document): DocumentFragment {
  const fragment = sanitizeHtml(text, target);
  if (fragment) return fragment;
  const plain = target.createDocumentFragment();
  plain.append(text);
  return plain;
}
