const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * "5 minutes ago", "2 hours ago", "yesterday" in the given language; under a minute, the
 * `justNow` label. A time in the future (the other machine's clock is ahead) reads as just
 * now rather than "in 3 minutes".
 */
export function formatRelativeTime(thenMs: number, nowMs: number, lang: string | undefined, justNow: string): string {
  const elapsed = Math.max(0, nowMs - thenMs);
  let format: Intl.RelativeTimeFormat;
  try {
    format = new Intl.RelativeTimeFormat(lang || undefined, { numeric: 'auto' });
  } catch {
    // An invalid `lang` attribute must not break rendering.
    format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  }
  for (const [unit, size] of UNITS) {
    if (elapsed >= size) return format.format(-Math.floor(elapsed / size), unit);
  }
  return justNow;
}
