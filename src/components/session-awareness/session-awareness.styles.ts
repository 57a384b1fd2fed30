import { css } from 'lit';
import { sharedStyles } from '../../internal/shared.styles.js';

/**
 * Styles of `<session-awareness>`. Every colour and size comes from a public
 * `--session-awareness-*` property, read once here into a short private one.
 */
export const styles = [
  sharedStyles,
  css`
  :host {
    --_shadow: var(--session-awareness-shadow, var(--_default-shadow));
    --_inset: var(--session-awareness-inset, 1rem);
    position: fixed;
    /* Bottom end corner by default; set --session-awareness-top (and bottom: auto), or -start (and end: auto). */
    inset-block-start: var(--session-awareness-top, auto);
    inset-block-end: var(--session-awareness-bottom, var(--_inset));
    inset-inline-start: var(--session-awareness-start, auto);
    inset-inline-end: var(--session-awareness-end, var(--_inset));
    z-index: var(--session-awareness-z-index, 2147483000);
    width: min(var(--session-awareness-width, 24rem), calc(100vw - 2 * var(--_inset)));
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
  .connection:not(:empty) {
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
  .live[hidden],
  .compact-live:empty {
    display: none;
  }
  /* Never taller than the viewport (a phone, or 400 % zoom): the stack scrolls, so every button stays reachable. */
  .live {
    max-height: calc(100dvh - 2 * var(--_inset) - 4.5rem);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .live:not(:empty) {
    pointer-events: auto;
  }
  .compact {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
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
  .end {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  @media (forced-colors: active) {
    .notice,
    .more,
    .connection:not(:empty) {
      border: 1px solid CanvasText;
    }
    .notice {
      border-inline-start-width: 4px;
    }
  }
`,
];
