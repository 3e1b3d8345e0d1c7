/**
 * Table-driven dialog tests: `[user says, bot replies]` exchanges run through the real bot (dialogs,
 * concurrent state on Azurite) with botbuilder's `TestAdapter`, once per channel id.
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { MainDialog } from '../../dialogs/main/mainDialog';
import { UserProfileStore } from '../../dialogs/userProfile';
import { CommunityBot } from '../../src/bot';
import { ConcurrentConversationState, ConcurrentUserState } from '../../src/concurrentState';
import { BlobStateStorage } from '../../src/storage/blobStateStorage';
import { testAccount } from './azurite';

export const CHANNEL_IDS = ['emulator', 'whatsapp', 'messenger'] as const;

/** What the bot is expected to send: its text, and its suggested-action titles when given. */
export interface ExpectedReply {
  text: string | RegExp;
  buttons?: string[];
}

export type Exchange = [userSays: string, botReplies: ExpectedReply[]];

export function createTestBot(channelId: string) {
  const storage = new BlobStateStorage(testAccount());
  const conversationState = new ConcurrentConversationState(storage);
  const userState = new ConcurrentUserState(storage);
  const profiles = new UserProfileStore(userState.createProperty('profile'), 'en');
  const bot = new CommunityBot(conversationState, userState, new MainDialog(profiles));
  const adapter = new TestAdapter((context) => bot.run(context), { channelId });
  return { adapter, storage };
}

export async function runTranscript(channelId: string, exchanges: Exchange[]): Promise<void> {
  const { adapter } = createTestBot(channelId);
  for (const [index, [userSays, expected]] of exchanges.entries()) {
    await adapter.receiveActivity(userSays);
    const replies: Partial<Activity>[] = adapter.activeQueue.splice(0);
    const where = `exchange ${index + 1} (user: ${JSON.stringify(userSays)}) on ${channelId}`;
    assert.equal(
      replies.length,
      expected.length,
      `${where}: got ${JSON.stringify(replies.map((r) => r.text))}`,
    );
    expected.forEach((want, i) => {
      const reply = replies[i];
      const text = reply?.text ?? '';
      if (typeof want.text === 'string') assert.equal(text, want.text, where);
      else assert.match(text, want.text, where);
      if (want.buttons) {
        assert.deepEqual(
          reply?.suggestedActions?.actions.map((a) => a.title),
          want.buttons,
          where,
        );
      }
    });
  }
}
