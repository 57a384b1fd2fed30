// Web Storage, where the browser allows it: reading `localStorage` or `sessionStorage` throws when storage is
// blocked (third-party frames, some privacy settings), and neither exists during server rendering.

/** `localStorage`, or undefined where it is blocked or missing. */
export function localStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/** `sessionStorage`, or undefined where it is blocked or missing. */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
