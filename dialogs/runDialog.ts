/**
 * Runs a root dialog for one turn: continues the active one, or begins it. A greeting or "menu" at any
 * step starts over from the top, so nobody is ever stuck inside a prompt.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { normaliseDigits } from './prompts/localChoicePrompt';

const RESTART_WORDS = new Set(['hi', 'hello', 'hey', 'menu', 'start', 'नमस्ते', 'नमस्कार', 'मेनू']);

export function isRestartWord(text: string | undefined): boolean {
  if (typeof text !== 'string') return false;
  return RESTART_WORDS.has(
    normaliseDigits(text)
      .trim()
      .toLowerCase()
      .replace(/[.!?।]+$/u, ''),
  );
}

export async function runDialog(
  dialog: Dialog,
  context: TurnContext,
  accessor: StatePropertyAccessor<DialogState>,
): Promise<void> {
  const dialogSet = new DialogSet(accessor);
  dialogSet.add(dialog);
  const dc = await dialogSet.createContext(context);
  if (context.activity.type === 'message' && dc.activeDialog && isRestartWord(context.activity.text)) {
    await dc.cancelAllDialogs();
  }
  const result = await dc.continueDialog();
  if (result.status === DialogTurnStatus.empty) await dc.beginDialog(dialog.id);
}
