import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/**
 * Styles of `<session-awareness>`. Every colour and size comes from a public
 * `--session-awareness-*` property, read once here into a short private one.
 */
export const styles = [
  sharedStyles,
  css`
  :host {
    --_bg: var(--session-awareness-bg, #fff);
    --_fg: var(--session-awareness-fg, #1b1b1f);
    --_muted: var(--session-awareness-muted, #55555f);
    --_accent: var(--session-awareness-accent, #b3261e);
    --_primary: var(--session-awareness-primary, #1a56db);
    --_radius: var(--session-awareness-radius, 0.5rem);
    --_shadow: var(--session-awareness-shadow, 0 2px 10px rgb(0 0 0 / 0.18));
    --_inset: var(--session-awareness-inset, 1rem);
    position: fixed;
    inset-block-end: var(--_inset);
    inset-inline-end: var(--_inset);
    z-index: var(--session-awareness-z-index, 2147483000);
    width: min(var(--session-awareness-width, 24rem), calc(100vw - 2 * var(--_inset)));
    font: var(--session-awareness-font, 0.9375rem/1.4 system-ui, sans-serif);
    color: var(--_fg);
    /* The empty stack must not swallow clicks meant for the page below. */
    pointer-events: none;
  }
  :host([hidden]) {
    display: none;
  }
  .region,
  .live {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  .notice,
  .more,
  .connection:not(:empty),
  dialog {
    pointer-events: auto;
    margin: 0;
    padding: 0.75rem 1rem;
    background: var(--_bg);
    color: inherit;
    border: 0;
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
  }
  .notice {
    border-inline-start: 4px solid var(--_accent);
  }
  .connection:empty {
    display: none;
  }
  .message {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .details,
  .more,
  .connection {
    margin-block-start: 0.25rem;
    font-size: 0.875em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .fact:not(:last-child)::after {
    content: ' · ';
  }
  .error {
    margin-block-start: 0.5rem;
    color: var(--_accent);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    margin-block-start: 0.75rem;
  }
  .end,
  .primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  .primary {
    background: var(--_primary);
    border-color: var(--_primary);
  }
  dialog {
    margin: auto;
    max-width: min(28rem, calc(100vw - 2rem));
    padding: 1.25rem 1.5rem;
    font: inherit;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125em;
  }
`,
];
