/**
 * Imports the drafting code (controller, form fields, crypto): a lazy chunk in an app's bundle, fetched only by a
 * page that drafts forms or must wipe drafts. The drop-in script builds with its own version of this module
 * (vite.config.ts), which loads it as a script chunk beside it.
 */
export function importDrafting(): Promise<typeof import('./draft-controller.js')> {
  return import('./draft-controller.js');
}
