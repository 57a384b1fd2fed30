import type { SealedDraft } from './draft-crypto.js';

export type { Draft } from './draft.js';

/**
 * Where drafts are kept, encrypted (see draft-crypto.ts); IndexedDB in production, a Map in tests. What it returns
 * is `unknown`: any script of the origin can write there.
 */
export interface DraftStore {
  /** Reads a record. */
  get: (key: string) => Promise<unknown>;
  /** Writes a record. */
  put: (key: string, draft: SealedDraft) => Promise<void>;
  /** Deletes the records whose keys start with `prefix` (all of a key, one form, or with '' all). */
  deletePrefix: (prefix: string) => Promise<void>;
  /** Every record, to expire old drafts. */
  entries: () => Promise<Array<[string, unknown]>>;
}

const STORE = 'drafts';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    // `error` is null only while the request is pending; the rejection is an Error all the same.
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Drafts in IndexedDB: they survive a reload, a crash and a sign-in round trip, stay on
 * this device, and (unlike localStorage) do not block the page while written. Records are
 * encrypted before they get here; the key never does.
 */
export class IndexedDbDraftStore implements DraftStore {
  #database: Promise<IDBDatabase> | undefined;
  readonly #name: string;

  /** @param name the IndexedDB database's name. */
  constructor(name = 'session-awareness') {
    this.#name = name;
  }

  #open(): Promise<IDBDatabase> {
    this.#database ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(this.#name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    });
    return this.#database;
  }

  async #store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.#open()).transaction(STORE, mode).objectStore(STORE);
  }

  async get(key: string): Promise<unknown> {
    return promised((await this.#store('readonly')).get(key));
  }

  async put(key: string, draft: SealedDraft): Promise<void> {
    await promised((await this.#store('readwrite')).put(draft, key));
  }

  async deletePrefix(prefix: string): Promise<void> {
    // '\uffff' sorts after every character a key can continue with.
    await promised((await this.#store('readwrite')).delete(IDBKeyRange.bound(prefix, prefix + '\uffff')));
  }

  async entries(): Promise<Array<[string, unknown]>> {
    const store = await this.#store('readonly');
    const [keys, values] = await Promise.all([promised(store.getAllKeys()), promised(store.getAll())]);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- this store writes string keys; another script's key (a date, an array) only has to become some string: its record is not a sealed draft and is deleted
    return keys.map((key, i) => [String(key), values[i] as unknown]);
  }
}
