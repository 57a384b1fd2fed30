// Web Storage, where the browser allows it: reading `localStorage` or `sessionStorage` throws when storage is
// blocked (third-party frames, some privacy settings), and they do not exist during server rendering.

function storageOrUndefined(read: () => Storage): Storage | undefined {
  try {
    return read();
  } catch {
    return undefined; // blocked by the browser's storage settings
  }
}

/** `localStorage`, or undefined where it is blocked or missing. */
export const localStorageOrUndefined = (): Storage | undefined => storageOrUndefined(() => globalThis.localStorage);

/** `sessionStorage`, or undefined where it is blocked or missing. */
export const sessionStorageOrUndefined = (): Storage | undefined => storageOrUndefined(() => globalThis.sessionStorage);
