// Label helpers every element uses: merging overrides, naming a device.

/** Merges label overrides (from page script: anything) over `defaults`, keeping only strings of known keys. */
export function resolveLabels<T extends object>(defaults: Readonly<T>, overrides: Partial<T> | undefined): T {
  const resolved = { ...defaults } as T;
  if (!overrides || typeof overrides !== 'object') return resolved;
  for (const key of Object.keys(defaults) as Array<keyof T>) {
    const value: unknown = overrides[key];
    if (typeof value === 'string') (resolved as Record<keyof T, unknown>)[key] = value;
  }
  return resolved;
}

/**
 * "Firefox 130 on Windows": how a session's browser and device are named in labels and announcements,
 * by the `browserOnDevice` template; either alone as it is, else `fallback`.
 */
export function deviceName(
  details: { browser?: string | undefined; device?: string | undefined },
  fallback: string,
  template = '{browser} on {device}',
): string {
  const { browser, device } = details;
  // One pass with a function: server text holding "{device}" or "$&" is never expanded.
  if (browser && device) return template.replace(/\{(browser|device)\}/g, (_, name: string) => (name === 'browser' ? browser : device));
  return browser || device || fallback;
}
