// An app that installed the package: the bare import resolves to the package's ES build
// (see vite.config.ts), and importing it defines <session-awareness>.
import { SessionAwareness, SessionEndedEvent } from 'session-awareness';

const widget = document.querySelector('session-awareness');
if (!(widget instanceof SessionAwareness)) throw new Error('session-awareness did not upgrade');
widget.addEventListener(SessionEndedEvent.eventName, () => {
  document.title = 'session ended';
});
