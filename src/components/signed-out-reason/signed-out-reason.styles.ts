import { css } from 'lit';

/** The styles of `<session-signed-out-reason>`: one message box, themable with its custom properties. */
export const styles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  [part='message'] {
    color: var(--session-signed-out-reason-fg, inherit);
    background: var(--session-signed-out-reason-bg, #eef3fc);
    border: var(--session-signed-out-reason-border, 1px solid #a9c0ea);
    border-radius: 0.375rem;
    padding: 0.75rem 1rem;
  }
  p {
    margin: 0;
  }
  p + p {
    margin-block-start: 0.5em;
  }
`;
