import type { Draft } from './draft.js';

/** Drafts older than this are deleted, not restored. */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 3_600_000;

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

// Never kept: secrets (passwords, one-time codes, card data), files, hidden fields (they
// carry per-session tokens such as antiforgery tokens, stale after a new sign-in) and
// anything the page marks data-no-draft.
const SKIPPED_TYPES = new Set(['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']);
const SECRET_AUTOCOMPLETE = /\b(current-password|new-password|one-time-code|cc-\w+)\b/;

/** True for a field whose value may be kept as a draft. */
export function isDraftable(element: Element): element is Field {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement))
    return false;
  if (!element.name || element.closest('[data-no-draft]')) return false;
  if (element instanceof HTMLInputElement && SKIPPED_TYPES.has(element.type)) return false;
  return !SECRET_AUTOCOMPLETE.test(element.getAttribute('autocomplete') ?? '');
}

/** The draftable values of a form. */
export function captureFields(form: HTMLFormElement): Draft['fields'] {
  const fields: Draft['fields'] = {};
  for (const element of form.elements) {
    if (!isDraftable(element)) continue;
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      const key = element.type === 'radio' ? `${element.name}=${element.value}` : element.name;
      fields[key] = element.checked;
    } else if (element instanceof HTMLSelectElement && element.multiple) {
      fields[element.name] = [...element.selectedOptions].map((option) => option.value);
    } else {
      fields[element.name] = element.value;
    }
  }
  return fields;
}

/**
 * Puts a draft's values back, as text (`.value`, `.checked`: never markup), into the same
 * draftable fields only, and fires `input` so frameworks see the change. Returns true if
 * anything changed.
 */
export function restoreFields(form: HTMLFormElement, fields: Draft['fields']): boolean {
  let changed = false;
  for (const element of form.elements) {
    if (!isDraftable(element)) continue;
    let update = false;
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      const value = fields[element.type === 'radio' ? `${element.name}=${element.value}` : element.name];
      if (typeof value === 'boolean' && element.checked !== value) {
        element.checked = value;
        update = true;
      }
    } else if (element instanceof HTMLSelectElement && element.multiple) {
      const values = fields[element.name];
      if (Array.isArray(values)) {
        for (const option of element.options) option.selected = values.includes(option.value);
        update = true;
      }
    } else {
      const value = fields[element.name];
      if (typeof value === 'string' && element.value !== value) {
        element.value = value;
        update = true;
      }
    }
    if (update) {
      changed = true;
      element.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
  return changed;
}

/** A form's identity on its page: its id, else its name, else its position. */
export function formKey(form: HTMLFormElement, index: number): string {
  return form.id || form.getAttribute('name') || `#${index}`;
}

/** Whether any draftable field of `form` differs from what the page was served with. */
export function formHasChanges(form: HTMLFormElement): boolean {
  for (const element of form.elements) {
    if (!isDraftable(element)) continue;
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      if (element.checked !== element.defaultChecked) return true;
    } else if (element instanceof HTMLSelectElement) {
      if ([...element.options].some((option) => option.selected !== option.defaultSelected)) return true;
    } else if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
      if (element.value !== element.defaultValue) return true;
    }
  }
  return false;
}
