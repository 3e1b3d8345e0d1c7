/**
 * The recognizers botbuilder's own prompts use (@microsoft/recognizers-text-*) are installed as one shared
 * copy through package.json `overrides`, in place of botbuilder-dialogs' postinstall that npm 11 does not
 * run. A bot developer's NumberPrompt and ChoicePrompt must still read typed numbers and ordinals.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import {
  ChoicePrompt,
  DialogSet,
  DialogTurnStatus,
  NumberPrompt,
  type DialogState,
} from 'botbuilder-dialogs';

async function ask(prompt: 'number' | 'choice', answer: string): Promise<unknown> {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogs'));
  dialogs.add(new NumberPrompt('number', undefined, 'en-us'));
  dialogs.add(new ChoicePrompt('choice', undefined, 'en-us'));
  let result: unknown;
  const adapter = new TestAdapter(async (context) => {
    const dc = await dialogs.createContext(context);
    const turn = await dc.continueDialog();
    if (turn.status === DialogTurnStatus.complete) result = turn.result;
    else if (turn.status === DialogTurnStatus.empty) {
      await dc.prompt(prompt, { prompt: 'Answer', choices: ['Pond', 'Well', 'Check dam'] });
    }
    await state.saveChanges(context);
  });
  await adapter.receiveActivity('start');
  await adapter.receiveActivity(answer);
  return result;
}

describe("botbuilder's own prompts (recognizers installed once, by overrides)", () => {
  it('has a single copy of @microsoft/recognizers-text-number', () => {
    const require = createRequire(__filename);
    const top = require.resolve('@microsoft/recognizers-text-number');
    const suite = createRequire(require.resolve('@microsoft/recognizers-text-suite')).resolve(
      '@microsoft/recognizers-text-number',
    );
    assert.equal(suite, top);
  });

  it('NumberPrompt reads typed numbers and number words', async () => {
    assert.equal(await ask('number', '5'), 5);
    assert.equal(await ask('number', 'twelve'), 12);
  });

  it('ChoicePrompt reads ordinals and numbers', async () => {
    assert.equal(Object(await ask('choice', 'the second one')).value, 'Well');
    assert.equal(Object(await ask('choice', '3')).value, 'Check dam');
  });
});
