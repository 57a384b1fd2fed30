import { css } from 'lit';

/** What every element of the package draws the same way: buttons, their focus ring, visually hidden text. */
export const sharedStyles = css`
  p {
    margin: 0;
  }
  button {
    font: inherit;
    padding: 0.375rem 0.875rem;
    border-radius: 0.375rem;
    border: 1px solid;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  button:focus-visible {
    outline: 3px solid var(--session-awareness-focus, #1a73e8);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
