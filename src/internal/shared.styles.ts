import { css } from 'lit';

// The dark theme's palette: for the user's preference and for theme="dark" alike.
const darkPalette = css`
  --_default-bg: #1f1f24;
  --_default-fg: #ececf1;
  --_default-muted: #b4b4c0;
  --_default-accent: #ffb4ab;
  --_default-on-accent: #690005;
  --_default-primary: #adc6ff;
  --_default-on-primary: #002e69;
  --_default-line: #45454f;
  --_default-focus: #8ab4f8;
  --_default-shadow: 0 2px 12px rgb(0 0 0 / 0.6);
  color-scheme: dark;
`;

/**
 * What every element of the package draws the same way: the light and dark palettes (`theme="light"`,
 * `theme="dark"`, or the user's `prefers-color-scheme` when the attribute is absent or `auto`), borders that
 * stay visible in forced-colors mode, buttons and their focus ring, visually hidden text. The element styles
 * read each `--_default-*` through its public `--session-awareness-*` property, which always wins.
 */
export const sharedStyles = css`
  :host {
    --_default-bg: #fff;
    --_default-fg: #1b1b1f;
    --_default-muted: #55555f;
    --_default-accent: #b3261e;
    --_default-on-accent: #fff;
    --_default-primary: #1a56db;
    --_default-on-primary: #fff;
    --_default-line: #d6d6de;
    --_default-focus: #1a73e8;
    --_default-shadow: 0 2px 10px rgb(0 0 0 / 0.18);
    color-scheme: light;
    /* The public properties both elements read, each over its theme default. */
    --_bg: var(--session-awareness-bg, var(--_default-bg));
    --_fg: var(--session-awareness-fg, var(--_default-fg));
    --_muted: var(--session-awareness-muted, var(--_default-muted));
    --_accent: var(--session-awareness-accent, var(--_default-accent));
    --_on-accent: var(--session-awareness-on-accent, var(--_default-on-accent));
    --_radius: var(--session-awareness-radius, 0.5rem);
    font: var(--session-awareness-font, 0.9375rem/1.4 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }
  :host([theme='dark']) {
    ${darkPalette}
  }
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
    outline: 3px solid var(--session-awareness-focus, var(--_default-focus));
    outline-offset: 2px;
  }
  @media (forced-colors: active) {
    /* Shadows and backgrounds are dropped in forced colors: a border keeps every box visible. */
    button {
      border-color: ButtonText;
    }
    button:focus-visible {
      outline-color: Highlight;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::backdrop {
      animation: none !important;
      transition: none !important;
    }
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
