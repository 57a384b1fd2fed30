import { css } from 'lit';
import { sharedStyles } from '../../internal/shared.styles.js';

/**
 * Styles of `<session-list>`: an in-page block, not an overlay. Colours and sizes come from the same
 * `--session-awareness-*` properties as the notices, so one theme covers both elements.
 */
export const listStyles = [
  sharedStyles,
  css`
  :host {
    --_line: var(--session-awareness-line, var(--_default-line));
    display: block;
    color: var(--_fg);
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    /* Its own background: in the dark theme on a light page, the heading and notes stay readable. */
    background: var(--_bg);
    color: var(--_fg);
  }
  .heading {
    margin: 0 0 0.75rem;
    font-size: 1.25em;
  }
  .heading:focus {
    outline: none;
  }
  .heading:focus-visible {
    outline: 3px solid var(--session-awareness-focus, var(--_default-focus));
    outline-offset: 2px;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    padding: 0.75rem 1rem;
  }
  .row + .row {
    border-block-start: 1px solid var(--_line);
  }
  .summary {
    min-width: 0;
    flex: 1 1 16rem;
  }
  .device {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    margin-inline-start: 0.5rem;
    padding: 0 0.5rem;
    border: 1px solid currentColor;
    border-radius: 1rem;
    font-size: 0.8125em;
    font-weight: 500;
  }
  .facts,
  .times,
  .empty,
  .connection {
    font-size: 0.875em;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .empty,
  .end-others,
  .confirm {
    margin-block-start: 0.75rem;
  }
  .connection:empty {
    display: none;
  }
  .error {
    margin-block-start: 0.25rem;
    color: var(--_accent);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
  }
  .confirm .actions {
    margin-block-start: 0.5rem;
  }
  .danger {
    color: var(--_accent);
  }
  [part~='confirm-button'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  @media (forced-colors: active) {
    .list {
      border-color: CanvasText;
    }
    .row + .row {
      border-block-start-color: CanvasText;
    }
  }
`,
];
