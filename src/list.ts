// npm entry `session-awareness/list`: defines <session-list> alone; it shares the page's hub connection with a
// <session-awareness> of the same hub-url, whichever entry defined that.
export { SessionList } from './components/session-list/session-list.js';
export { defineSessionList } from './components/session-list/define.js';
export { DEFAULT_LIST_STRINGS, type SessionListStrings } from './i18n/session-list.js';
export * from './common.js';
