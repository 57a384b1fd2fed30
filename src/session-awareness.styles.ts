import { css } from 'lit';

/** Styles of `<session-awareness>`; themable through `--session-awareness-*` properties. */
export const styles = css`
  :host {
    position: fixed;
    inset-block-end: var(--session-awareness-inset, 1rem);
    inset-inline-end: var(--session-awareness-inset, 1rem);
    z-index: var(--session-awareness-z-index, 2147483000);
    width: min(var(--session-awareness-width, 24rem), calc(100vw - 2 * var(--session-awareness-inset, 1rem)));
    font: var(--session-awareness-font, 0.9375rem/1.4 system-ui, sans-serif);
    color: var(--session-awareness-fg, #1b1b1f);
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
    background: var(--session-awareness-bg, #fff);
    border-radius: var(--session-awareness-radius, 0.5rem);
    box-shadow: var(--session-awareness-shadow, 0 2px 10px rgb(0 0 0 / 0.18));
    border-inline-start: 4px solid var(--session-awareness-accent, #b3261e);
  }
  .connection:empty {
    display: none;
  }
  .more,
  .connection {
    font-size: 0.875em;
    color: var(--session-awareness-muted, #55555f);
    border-inline-start-color: transparent;
  }
  p {
    margin: 0;
  }
  .message {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .details {
    margin-block-start: 0.25rem;
    font-size: 0.875em;
    color: var(--session-awareness-muted, #55555f);
    overflow-wrap: anywhere;
  }
  .fact:not(:last-child)::after {
    content: ' · ';
  }
  .error {
    margin-block-start: 0.5rem;
    color: var(--session-awareness-accent, #b3261e);
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    margin-block-start: 0.75rem;
  }
  button {
    font: inherit;
    padding: 0.375rem 0.875rem;
    border-radius: calc(var(--session-awareness-radius, 0.5rem) - 0.125rem);
    border: 1px solid currentColor;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button.end {
    background: var(--session-awareness-accent, #b3261e);
    border-color: var(--session-awareness-accent, #b3261e);
    color: #fff;
  }
  button.primary {
    background: var(--session-awareness-primary, #1a56db);
    border-color: var(--session-awareness-primary, #1a56db);
    color: #fff;
  }
  dialog {
    pointer-events: auto;
    max-width: min(28rem, calc(100vw - 2rem));
    padding: 1.25rem 1.5rem;
    border: none;
    border-radius: var(--session-awareness-radius, 0.5rem);
    box-shadow: var(--session-awareness-shadow, 0 2px 10px rgb(0 0 0 / 0.18));
    background: var(--session-awareness-bg, #fff);
    color: inherit;
    font: inherit;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.125em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  button:focus-visible {
    outline: 3px solid var(--session-awareness-focus, #1a73e8);
    outline-offset: 2px;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      color: var(--session-awareness-fg, #ececf1);
    }
    .notice,
    .more,
    .connection:not(:empty) {
      background: var(--session-awareness-bg, #25252b);
    }
    .details,
    .more,
    .connection {
      color: var(--session-awareness-muted, #b4b4bd);
    }
  }
`;
