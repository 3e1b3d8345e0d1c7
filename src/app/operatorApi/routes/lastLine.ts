/**
 * Which of our lines a message to a person goes from when the operator names none: the one they last
 * wrote to (their window is that line's), if it is still served here; else the channel's default line.
 */
import type { OperatorServices } from '../operatorServices';

/** How far back the history is read for the person's last message (one page). */
const LOOKBACK = 20;

export async function lastLine(
  { history, sender }: Pick<OperatorServices, 'history' | 'sender'>,
  channel: string,
  userId: string,
): Promise<string | undefined> {
  if (!sender.serves(channel)) return undefined;
  const { items } = await history.list({ channel, userId, limit: LOOKBACK });
  const line = items.find((item) => item.direction === 'in')?.line;
  if (line === undefined) return undefined;
  try {
    sender.referenceTo({ channel, userId, lineId: line });
    return line;
  } catch {
    return undefined; // no longer one of ours: the default line
  }
}
