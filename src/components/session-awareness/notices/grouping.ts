import type { Notice, NoticeStatus } from './notice-store.js';

/** Notices of sessions on the same browser and device, shown as one. */
export interface NoticeGroup {
  /** The newest notice of the group: its text, details and time are shown. */
  notice: Notice;
  /** Every session of the group, newest first; End session and Dismiss act on all of them. */
  sessionIds: string[];
  /** `ending` while any End session runs, else `failed` if any failed, else `idle`. */
  status: NoticeStatus;
}

// Sessions the server described the same way (browser and device) are one group; a notice without either
// stands alone, since nothing says it is the same device as another.
const groupKey = ({ sessionId, details: { browser, device } }: Notice): string =>
  browser || device ? `d\n${browser ?? ''}\n${device ?? ''}` : `s\n${sessionId}`;

/** Groups notices (newest first) by browser and device, keeping the order of each group's newest notice. */
export function groupNotices(notices: readonly Notice[]): NoticeGroup[] {
  const groups = new Map<string, NoticeGroup>();
  for (const notice of notices) {
    const key = groupKey(notice);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { notice, sessionIds: [notice.sessionId], status: notice.status });
      continue;
    }
    group.sessionIds.push(notice.sessionId);
    if (notice.status === 'ending' || (notice.status === 'failed' && group.status === 'idle')) group.status = notice.status;
  }
  return [...groups.values()];
}
