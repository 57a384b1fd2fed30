// npm entry `session-awareness/notices`: defines <session-awareness> alone (notices, expiry warning, drafts).
export { SessionAwareness } from './components/session-awareness/session-awareness.js';
export { defineSessionAwareness } from './components/session-awareness/define.js';
export { DEFAULT_STRINGS, type SessionAwarenessStrings } from './i18n/session-awareness.js';
export * from './common.js';
