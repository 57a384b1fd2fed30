// npm entry `session-awareness/signed-out-reason`: the sign-in page's half, <session-signed-out-reason> and the
// functions that record and read why the user was signed out. No hub client.
export { SessionSignedOutReason } from './components/signed-out-reason/signed-out-reason.js';
export { defineSessionSignedOutReason } from './components/signed-out-reason/define.js';
export * from './internal/sign-out-record.js';
export * from './i18n/signed-out-reason.js';
