/** A saved draft: the values of a form's fields and when they were captured. */
export interface Draft {
  /** When the draft was captured, in ms since the epoch. */
  savedAt: number;
  /** Field name → value (text), checked state, or selected values. */
  fields: Record<string, string | boolean | string[]>;
}
