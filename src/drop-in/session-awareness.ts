// Entry of the drop-in's first script: defines <session-awareness> and, when its own <script> tag carries
// data-hub-url, mounts one configured from the tag. <session-list> is a chunk beside it (./chunks.ts), loaded
// once the page has one; the chunk runs against this script's modules, published here, so the list shares the
// page's one hub connection.
import type { PageGlobals } from '../internal/page-globals.js';
import { shared } from 'virtual:session-awareness/drop-in-shared';
import '../components/session-awareness/define.js';
import { chunkLoaded, loadChunk } from './chunks.js';
import { claimDropIn, findDropInScript, mountFromScript } from './mount.js';

/**
 * Loads the <session-list> chunk once the document has a `<session-list>`: now, or when one is added later
 * (watched as Shoelace's autoloader does, and no longer once found). If the chunk fails, the element stays
 * undefined and shows its light-DOM fallback.
 */
function loadListWhenNeeded(doc: Document): void {
  const lists = doc.getElementsByTagName('session-list'); // live: checking it costs nothing per mutation
  const load = (): boolean => {
    if (customElements.get('session-list')) return true; // defined some other way: nothing to load
    if (lists.length === 0) return false;
    loadChunk('session-list').catch(() => undefined); // loadChunk has said why in the console
    return true;
  };
  if (load()) return;
  const observer = new MutationObserver(() => {
    if (load()) observer.disconnect();
  });
  observer.observe(doc, { childList: true, subtree: true });
}

// currentScript is set while a classic script runs its top level, which is now; a type="module" script has
// none, so its tag is the one whose src is this very file (see findDropInScript): configuration comes from the
// drop-in's own tag only. A second copy of the script (loaded twice, or as two files) mounts nothing, opens
// nothing and loads no chunk: it warns once.
if (claimDropIn(globalThis, { modules: shared, chunkLoaded })) {
  mountFromScript(findDropInScript(globalThis.document));
  const page = (globalThis as PageGlobals).document as Document | undefined; // none when server-rendered
  if (page) loadListWhenNeeded(page);
}
