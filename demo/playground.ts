// The playground of index.html: the real element, a fake hub behind the production
// SessionHub interface, and buttons that play the server's part.
import '../src/components/session-awareness/define.js';
import { FakeHub } from '../test/component/support/fake-hub.js';
import { HOSTILE_STRINGS } from '../test/component/support/hostile-strings.js';

const hub = new FakeHub();
const widget = document.querySelector('session-awareness');
if (!widget) throw new Error('index.html has no <session-awareness>');
widget.hubFactory = hub.factory;
widget.hubUrl = '/playground';

let counter = 0;
const actions: Partial<Record<string, () => void>> = {
  registered: () =>
    hub.emit('sessionRegistered', 'Your account was signed in on another browser or device.', `s${++counter}`, {
      createdAt: new Date().toISOString(),
      browser: 'Firefox 130',
      device: 'Windows NT 10.0; Win64; x64',
    }),
  hostile: () =>
    hub.emit('sessionRegistered', HOSTILE_STRINGS[counter % HOSTILE_STRINGS.length], `s${++counter}`, {
      browser: HOSTILE_STRINGS[(counter + 1) % HOSTILE_STRINGS.length],
    }),
  closed: () => hub.emit('sessionClosed', `s${counter}`),
  ended: () => hub.emit('sessionEnded', 'Your session was ended from another device.'),
  drop: () => hub.drop(),
  'kill-fails': () => {
    hub.killBehaviour = () => Promise.reject(new Error('refused'));
  },
};
document.querySelector('#controls')?.addEventListener('click', (event) => {
  const action = (event.target as HTMLElement).dataset.action;
  if (action) actions[action]?.();
});
