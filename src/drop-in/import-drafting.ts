// The drop-in's importDrafting (vite.config.ts puts it in place of the element's own): the drafting code is a
// script chunk beside the drop-in, which a page that drafts no form (and wipes none) never fetches.
import { loadChunk } from './chunks.js';

/** Loads the drafting code as a chunk of the drop-in. */
export function importDrafting(): Promise<typeof import('../components/session-awareness/drafts/draft-controller.js')> {
  return loadChunk('drafting') as Promise<typeof import('../components/session-awareness/drafts/draft-controller.js')>;
}
