// The drop-in's loader: what a page may not need at first (<session-list>, the language tables, the allow-html
// sanitizer) is a classic script chunk beside the first script, fetched the first time it is needed with
// <script src integrity crossorigin nonce>. The build bakes each chunk's file and SRI hash in (vite.config.ts),
// and URLs come from the first script's own src only, never from the page. A chunk runs against the first
// script's modules (see publishDropIn in ./mount.ts) and hands its own module back through chunkLoaded().
import { chunks } from 'virtual:session-awareness/drop-in-chunks';
import type { OtherLanguage } from '../i18n/import-table.js';
import { findDropInScript } from './mount.js';

/** The chunks the build makes (vite.config.ts): a language table ("de/session-list"), "session-list" or "sanitize". */
export type ChunkName = 'session-list' | 'sanitize' | 'drafting' | `${OtherLanguage}/${'session-awareness' | 'session-list'}`;

/** The Trusted Types policy that passes the chunk URLs, and nothing else, to `script.src`; a page that lists allowed policies names it. */
export const TRUSTED_TYPES_POLICY = 'session-awareness-drop-in';

interface TrustedTypesFactory {
  createPolicy: (name: string, rules: { createScriptURL: (url: string) => string }) => { createScriptURL: (url: string) => unknown };
}

// Read while the first script runs its top level: afterwards document.currentScript is another script or none.
const ownScript = findDropInScript(globalThis.document) as HTMLScriptElement | null;
const ownUrl = ownScript?.src ?? '';
const ownNonce = ownScript?.nonce ?? '';
const chunkUrls = new Map(Object.entries(chunks).map(([name, chunk]) => [name, ownUrl ? new URL(chunk.file, ownUrl).href : '']));

// Loads under way or done, by chunk; `settled` once the chunk handed its module over or failed.
const loads = new Map<string, { promise: Promise<object>; resolve: (exports: object) => void }>();
let policy: { createScriptURL: (url: string) => unknown } | string | undefined;

/**
 * Loads chunk `name` once per page; resolves to its module, rejects (after one console error) when it could not
 * be fetched or run: a network error, an SRI mismatch, the page's CSP or Trusted Types. A failed chunk stays
 * failed for the page's life: one console error, not one per render that asks again.
 */
export function loadChunk(name: ChunkName): Promise<object> {
  const existing = loads.get(name);
  if (existing) return existing.promise;
  let settled = false;
  let resolve!: (exports: object) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<object>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  loads.set(name, {
    promise,
    resolve(exports) {
      settled = true;
      resolve(exports);
    },
  });
  const url = chunkUrls.get(name) ?? '';
  const fail = (why: string): void => {
    if (settled) return;
    settled = true;
    console.error(`[session-awareness] the drop-in could not load ${url || name}: ${why}.`);
    reject(new Error(`drop-in chunk ${name}: ${why}`));
  };
  if (!url) {
    fail('its script tag has no src to find it beside');
    return promise;
  }
  const script = document.createElement('script');
  script.integrity = chunks[name].integrity;
  script.crossOrigin = 'anonymous';
  if (ownNonce) script.nonce = ownNonce;
  script.addEventListener('error', () => fail('a network error, a Subresource Integrity mismatch or the Content Security Policy'));
  // A chunk that ran has called chunkLoaded() before its load event: this fails only one that did not.
  script.addEventListener('load', () => fail('it ran without handing over its module'));
  try {
    (script as { src: unknown }).src = trustedScriptUrl(url);
  } catch (error) {
    fail(`Trusted Types refused its URL (allow the policy "${TRUSTED_TYPES_POLICY}"): ${String(error)}`);
    return promise;
  }
  document.head.append(script);
  return promise;
}

/** Called by a chunk, as it runs, with its module. */
export function chunkLoaded(name: string, exports: object): void {
  loads.get(name)?.resolve(exports);
}

// Under `require-trusted-types-for 'script'` script.src takes only a TrustedScriptURL: a policy of our own passes
// the URLs the build knows and nothing else. Made on first use; where the page's CSP does not allow it, the
// plain URL is used (it works wherever Trusted Types are not enforced).
function trustedScriptUrl(url: string): unknown {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) return url;
  if (policy === undefined) {
    try {
      policy = factory.createPolicy(TRUSTED_TYPES_POLICY, {
        createScriptURL(candidate: string): string {
          if ([...chunkUrls.values()].includes(candidate)) return candidate;
          throw new TypeError(`${candidate} is not a chunk of the drop-in`);
        },
      });
    } catch {
      policy = 'none';
    }
  }
  return typeof policy === 'string' ? url : policy.createScriptURL(url);
}
