import type { Draft } from './draft-store.js';

/** A draft as kept at rest: AES-GCM ciphertext under the user's draft key, tagged with the key's id (never the key). */
export interface SealedDraft {
  /** Which key sealed it (see {@link DraftKey.id}). */
  keyId: string;
  /** When it was captured, in ms since the epoch; in clear, so that old drafts of any user can be pruned. */
  savedAt: number;
  /** The random 96-bit IV of this record. */
  iv: Uint8Array;
  /** The draft's fields as JSON, encrypted, and bound to the record's storage key (additional data). */
  data: ArrayBuffer;
}

/** The user's draft key, as held in memory only. */
export interface DraftKey {
  /** base64url of the first 9 bytes of the key's SHA-256: names the key in storage without revealing it. */
  id: string;
  /** The AES-GCM key, not extractable. */
  key: CryptoKey;
}

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** Imports the hub's `draftKey` (32 bytes, base64url). Rejects where Web Crypto is missing (not a secure context). */
export async function importDraftKey(encoded: string): Promise<DraftKey> {
  const raw = Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  const id = btoa(String.fromCharCode(...hash.subarray(0, 9)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return { id, key: await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']) };
}

/** Encrypts a draft for the record `storageKey`, with a fresh random IV. */
export async function sealDraft({ id, key }: DraftKey, storageKey: string, draft: Draft): Promise<SealedDraft> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(storageKey) },
    key,
    utf8(JSON.stringify(draft.fields)),
  );
  return { keyId: id, savedAt: draft.savedAt, iv, data };
}

/** Whether a stored value has the shape of a sealed draft (anything of the origin may have written the store). */
export function isSealed(value: unknown): value is SealedDraft {
  const v = value as Partial<SealedDraft> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.keyId === 'string' &&
    typeof v.savedAt === 'number' &&
    v.iv instanceof Uint8Array &&
    v.data instanceof ArrayBuffer
  );
}

/**
 * Decrypts the record `storageKey`, or undefined: a record of another key (another user of this browser) is not
 * even tried, and one that fails to decrypt or to parse is as good as none.
 */
export async function openDraft({ id, key }: DraftKey, storageKey: string, value: unknown): Promise<Draft | undefined> {
  if (!isSealed(value) || value.keyId !== id) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: value.iv as Uint8Array<ArrayBuffer>, additionalData: utf8(storageKey) },
      key,
      value.data,
    );
    const fields: unknown = JSON.parse(new TextDecoder().decode(plain));
    return typeof fields === 'object' && fields !== null ? { savedAt: value.savedAt, fields: fields as Draft['fields'] } : undefined;
  } catch {
    return undefined;
  }
}
