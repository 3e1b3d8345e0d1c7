/**
 * Table-driven dialog tests: `[user says, bot replies]` exchanges run through the real bot (journeys,
 * concurrent state, the bundled sample communities; state, memberships and submissions in the in-memory
 * stores, whose contract the blob-backed ones share: test/helpers/storeContract.ts) with botbuilder's
 * `TestAdapter`, once per channel id. A user turn is text, or a partial activity (a shared location,
 * a voice note, a photo).
 */
import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { CommunityBot } from '../../src/app/bot';
import { ConcurrentConversationState, ConcurrentUserState } from '../../src/durable/concurrentState';
import { GeoJsonDirectory } from '../../src/domain/communities/geojsonDirectory';
import { SAMPLE_COMMUNITIES_FILE, storedJourneyServices } from '../../src/app/journeyServices';
import { MemoryDocuments, MemoryStateStorage } from '../../src/durable/storage/memoryStore';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import type { Journey } from '../../dialogs/journeys/journey';
import type { NoticeSettings } from '../../dialogs/consent/notice';

export const CHANNEL_IDS = ['emulator', 'whatsapp', 'messenger'] as const;

/** What the bot is expected to send: its text, and its suggested-action titles when given. */
export interface ExpectedReply {
  text: string | RegExp;
  buttons?: string[];
  /** Set when the reply must carry the location-request convention. */
  locationRequest?: boolean;
}

export type UserTurn = string | Partial<Activity>;
export type Exchange = [userSays: UserTurn, botReplies: ExpectedReply[]];

export interface TestBot {
  adapter: TestAdapter;
  /** The documents the bot keeps: `state` (bot state and memberships) and `submissions`. */
  documents: { state: MemoryDocuments; submissions: MemoryDocuments };
  /** Moves the bot's clock (for the idle timeout). */
  advance(ms: number): void;
}

/** What else a test bot may be given: its privacy notice, or another bot's documents to share. */
export interface TestBotSettings {
  /** The privacy notice's settings (the defaults when not given). */
  notice?: NoticeSettings;
  /** Another bot's documents: the same people, as a redeployed bot (another notice) meets them. */
  documents?: TestBot['documents'];
}

/** The communities of the bundled sample, read once for all transcripts. */
let sample: GeoJsonDirectory | undefined;

/** The bot on one channel id, offering the built-in journeys and `journeys` (a test's own). */
export function createTestBot(
  channelId: string,
  journeys: readonly Journey[] = [],
  settings: TestBotSettings = {},
): TestBot {
  const registry = journeyRegistry(journeys);
  const documents = settings.documents ?? {
    state: new MemoryDocuments(),
    submissions: new MemoryDocuments(),
  };
  const state = new MemoryStateStorage(documents.state);
  sample ??= GeoJsonDirectory.fromFile(SAMPLE_COMMUNITIES_FILE);
  let offset = 0;
  const bot = new CommunityBot({
    conversationState: new ConcurrentConversationState(state),
    userState: new ConcurrentUserState(state),
    services: storedJourneyServices(sample, documents, registry.submissionTypes),
    journeys: registry,
    defaultLocale: 'en',
    idleMs: 24 * 60 * 60 * 1000,
    now: () => Date.now() + offset,
    notice: settings.notice,
  });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId });
  return { adapter, documents, advance: (ms) => (offset += ms) };
}

export async function exchange(bot: TestBot, userSays: UserTurn): Promise<Partial<Activity>[]> {
  await bot.adapter.receiveActivity(
    typeof userSays === 'string' ? userSays : { type: 'message', ...userSays },
  );
  return bot.adapter.activeQueue.splice(0);
}

export function assertReplies(replies: Partial<Activity>[], expected: ExpectedReply[], where: string): void {
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
        `${where}: buttons of ${JSON.stringify(text)}`,
      );
    }
    if (want.locationRequest) {
      assert.ok(
        reply?.entities?.some((e) => e.type === 'locationRequest'),
        `${where}: a location request`,
      );
    }
  });
}

/** An exchange, or something to do between exchanges (move the clock, put data in storage). */
export type TranscriptStep = Exchange | ((bot: TestBot) => void | Promise<void>);

export async function runTranscript(
  channelId: string,
  steps: readonly TranscriptStep[],
  journeys: readonly Journey[] = [],
): Promise<TestBot> {
  return playTranscript(createTestBot(channelId, journeys), steps);
}

/** The steps, against a bot already made (one over another's documents, say). */
export async function playTranscript(bot: TestBot, steps: readonly TranscriptStep[]): Promise<TestBot> {
  const channelId = bot.adapter.conversation.channelId;
  let n = 0;
  for (const item of steps) {
    if (typeof item === 'function') {
      await item(bot);
      continue;
    }
    n += 1;
    const [userSays, expected] = item;
    const replies = await exchange(bot, userSays);
    assertReplies(
      replies,
      expected,
      `exchange ${n} (user: ${JSON.stringify(userSays).slice(0, 60)}) on ${channelId}`,
    );
  }
  return bot;
}
