// Defines <session-awareness> (the fixtures mount it).
import '../../../src/components/session-awareness/define.js';
import type { SessionAwareness } from '../../../src/components/session-awareness/session-awareness.js';
import { SIGN_OUT_GRACE_MS } from '../../../src/components/session-awareness/page-leaving.js';
import type { PageLocation } from '../../../src/internal/navigation.js';
import type { PageGlobals } from '../../../src/internal/page-globals.js';
import { loadSanitizer } from '../../../src/components/session-awareness/notices/notice-view.js';
import { FakeHub } from './fake-hub.js';
import { ManualClock } from './manual-clock.js';

/** Records reloads and redirects instead of leaving the test page. */
export class FakeLocation implements PageLocation {
  readonly href = 'https://app.example/page';
  reloads = 0;
  readonly assigned: string[] = [];
  reload(): void {
    this.reloads++;
  }
  assign(url: string): void {
    this.assigned.push(url);
  }
}

/** Everything a component test needs: the element, its fake hub, clock and location. */
export interface Fixture {
  element: SessionAwareness;
  hub: FakeHub;
  clock: ManualClock;
  location: FakeLocation;
  /** Elements and texts in the shadow root. */
  root: ShadowRoot;
  /** Lets promises and Lit updates run. */
  settle: () => Promise<void>;
  /** Shown notices. */
  notices: () => HTMLElement[];
}

/** Lets queued microtasks and Lit's update cycle run to quiescence. */
export async function settle(element?: SessionAwareness): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
      if (element) await element.updateComplete;
    }
    // A Web Locks round trip: lock grants come from the browser process, in order with this query's answer, so
    // a lock the widget asked for before now has been granted (on a loaded machine that took more than a few
    // task turns, and a test looked at the page too early).
    await (globalThis as PageGlobals).navigator?.locks?.query().catch(() => undefined);
    // One task turn: BroadcastChannel, Web Locks and IndexedDB answer in tasks, not microtasks.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}

/** Mounts a `<session-awareness>` wired to fakes. */
export async function mount(
  attributes: Record<string, string> = {},
  hub = new FakeHub(),
  configure?: (element: SessionAwareness, clock: ManualClock) => void,
  { preloadDrafting = true, preloadExpiry = true }: { preloadDrafting?: boolean; preloadExpiry?: boolean } = {},
): Promise<Fixture> {
  sessionStorage.clear();
  // The expiry code is a chunk an element with keepalive-url or status-url fetches as it connects: tests start with it
  // in the module cache, as a page has it a moment after it loads (test/component/lazy-expiry.test.ts tests the loading).
  if (preloadExpiry) await import('../../../src/components/session-awareness/expiry/expiry-controller.js');
  const clock = new ManualClock();
  const location = new FakeLocation();
  const element = document.createElement('session-awareness');
  element.hubFactory = hub.factory;
  element.clock = clock;
  element.pageLocation = location;
  element.setAttribute('hub-url', '/hubs/session');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  configure?.(element, clock);
  document.body.append(element);
  await settle(element);
  // allow-html loads its sanitizer on first use (a chunk of its own); tests of what it renders start once it is
  // there (test/component/lazy-sanitizer.test.ts tests the loading itself).
  if ('allow-html' in attributes) {
    await loadSanitizer();
    await settle(element);
  }
  // The drafting code is a chunk too, fetched when a page drafts forms or must wipe drafts: a real page has it long
  // before a session ends, so tests start with it here (test/component/lazy-chunks.test.ts tests the loading itself).
  if (preloadDrafting) await import('../../../src/components/session-awareness/drafts/draft-controller.js');
  const root = element.shadowRoot!;
  return {
    element,
    hub,
    clock,
    location,
    root,
    settle: () => settle(element),
    notices: () => [...root.querySelectorAll<HTMLElement>('[part~="notice"]')],
  };
}

/** Lets the widget's wait after a sign-out ({@link SIGN_OUT_GRACE_MS}) pass on the page clock. */
export async function pastSignOutGrace(f: Pick<Fixture, 'clock' | 'settle'>): Promise<void> {
  await f.settle(); // the wait starts once the autosave has run
  f.clock.advance(SIGN_OUT_GRACE_MS);
  await f.settle();
}

/** Removes every mounted element (call in afterEach). */
export function unmountAll(): void {
  for (const element of document.querySelectorAll('session-awareness')) element.remove();
}

/** Clicks the button with this exact text inside a notice. */
export function button(scope: ParentNode, label: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === label);
  if (!found) throw new Error(`no button labelled ${label}`);
  return found;
}

/** Records events of the given type fired by the element. */
export function record<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  type: K,
  onEvent?: (event: GlobalEventHandlersEventMap[K]) => void,
): Array<GlobalEventHandlersEventMap[K]> {
  const seen: Array<GlobalEventHandlersEventMap[K]> = [];
  target.addEventListener(type, (event) => {
    seen.push(event as GlobalEventHandlersEventMap[K]);
    onEvent?.(event as GlobalEventHandlersEventMap[K]);
  });
  return seen;
}

/**
 * Advances the page clock timer by timer, letting the widget's promises settle after each, as on a fast
 * network: a request started at a moment is answered at that moment.
 */
export async function advance(f: Pick<Fixture, 'clock' | 'settle'>, ms: number): Promise<void> {
  const target = f.clock.now() + ms;
  for (;;) {
    const next = f.clock.pendingDelays().at(0);
    const step = next === undefined || f.clock.now() + next > target ? target - f.clock.now() : next;
    f.clock.advance(step);
    await f.settle();
    if (f.clock.now() >= target) return;
  }
}
