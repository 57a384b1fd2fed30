import type { PageGlobals } from '../internal/page-globals.js';
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
  'theme',
] as const;

/**
 * Mounts one `<session-awareness>` configured from the `data-*` twins of its attributes
 * on a script tag, if the tag has `data-hub-url`. Returns the element, or null when there
 * is nothing to mount. Unknown `data-*` attributes are ignored, not copied.
 */
export function mountFromScript(
  script: Element | null,
  doc: Document | undefined = (globalThis as PageGlobals).document as Document | undefined,
): HTMLElement | null {
  if (!doc) return null;
  if (!script?.hasAttribute('data-hub-url')) return null;
  const element = doc.createElement('session-awareness');
  for (const name of MOUNTABLE_ATTRIBUTES) {
    const value = script.getAttribute(`data-${name}`);
    if (value !== null) element.setAttribute(name, value);
  }
  const append = (): void => {
    doc.body.append(element);
  };
  // A script in <head> runs before <body> exists, whatever the DOM typings say.
  if ((doc as { body: HTMLElement | null }).body) append();
  else doc.addEventListener('DOMContentLoaded', append, { once: true });
  return element;
}

// One page, one drop-in: the first copy to run claims this global (Symbol.for: shared by every copy). Its value
// is also where the drop-in's chunks find the first script's modules and hand their own back (./chunks.ts).
const DROP_IN_CLAIM = Symbol.for('session-awareness.drop-in');

/** What the first copy of the drop-in offers its chunks on the page. */
export interface DropInChunkHost {
  /** The modules chunks import from the first script, by path or package specifier (vite.config.ts). */
  readonly modules: Readonly<Record<string, object>>;
  /** Receives a chunk's module as the chunk runs. */
  chunkLoaded: (name: string, exports: object) => void;
}

/**
 * True for the first copy of the drop-in script to run in this page, which then holds the page's claim (with
 * `host` for its chunks). A later copy (the tag twice, or the script bundled twice) gets false and warns once:
 * it must not mount a second widget or open a second connection; the elements are already defined by the first.
 */
export function claimDropIn(scope: typeof globalThis, host?: DropInChunkHost): boolean {
  const claims = scope as unknown as Record<symbol, { warned: boolean } | undefined>;
  const claim = claims[DROP_IN_CLAIM];
  if (!claim) {
    // Neither writable nor configurable: a later script cannot swap the modules chunks run against.
    Object.defineProperty(claims, DROP_IN_CLAIM, { value: { warned: false, ...host }, writable: false, configurable: false });
    return true;
  }
  if (!claim.warned) {
    claim.warned = true;
    console.warn('[session-awareness] the drop-in script was loaded more than once; the extra copies do nothing.');
  }
  return false;
}

/**
 * The URL of the script running this code, from a stack trace: a `type="module"` script has no
 * `document.currentScript`, and the classic (IIFE) build cannot use `import.meta.url` (a classic script may not
 * even parse it), so the top frame's file is how the drop-in learns which file it is.
 */
export function runningScriptUrl(): string | undefined {
  return /((?:https?|file):\/\/[^\s()@]+?):\d+:\d+/.exec(new Error().stack ?? '')?.[1];
}

/**
 * The drop-in's own <script> tag, and only that one: `document.currentScript` for a classic script; for a
 * `type="module"` one (which has none), the module tag whose `src` resolves exactly to the running file's URL.
 * Never the first tag that looks right: a tag an attacker or another library put before it (with its own
 * `data-hub-url`) must not configure the widget.
 */
export function findDropInScript(doc: Document | undefined, ownUrl: string | undefined = runningScriptUrl()): Element | null {
  if (!doc) return null;
  if (doc.currentScript) return doc.currentScript;
  if (!ownUrl) return null;
  return [...doc.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].find((script) => script.src === ownUrl) ?? null;
}
