/**
 * The page's globals as they may really be, whatever the DOM typings say: any of them is missing when server-rendered
 * (Node, a DOM shim) and in a browser that lacks the API (`navigator.locks` before Safari 15.4). Read globals through
 * `(globalThis as PageGlobals)` where a missing one is a case the code handles; a type only, so it costs no bytes.
 */
export type PageGlobals = Partial<Omit<typeof globalThis, 'document' | 'navigator'>> & {
  /** A shim's document may lack any member, `documentElement` included. */
  document?: Partial<Document>;
  /** Older browsers and Node lack some members (`locks`). */
  navigator?: Partial<Navigator>;
};
