// Unicode Cc (controls) and Cf (format characters: bidi overrides and isolates, zero-width spaces and joiners,
// the BOM, soft hyphens…). Shown, they are invisible or reorder what is around them, so that a device named
// "\u202Eexe.gnp" reads "png.exe" and server text can pass for the page's own words.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Server, network or storage text as it may be shown: Cc and Cf characters removed, tab to CR (\t\n\v\f\r) as spaces. */
export function visibleText(text: string): string {
  // Line breaks and tabs are Cc too, but they separate words: they become an ordinary space.
  return text.replace(/[\t-\r]/g, ' ').replace(INVISIBLE, '');
}
