/**
 * Three wrong answers in a row end a prompt with `MISSED`, so the dialog can offer the menu instead of
 * asking for ever.
 */
import type { FoundChoice, PromptValidator } from 'botbuilder-dialogs';

export const MAX_MISSES = 3;
export const MISSED = '__missed__';

export function isMissed(result: unknown): boolean {
  if (result === MISSED) return true;
  return typeof result === 'object' && result !== null && 'value' in result && result.value === MISSED;
}

/** A choice validator that accepts recognised choices and gives up with `MISSED` after the third miss. */
export const choiceWithMissLimit: PromptValidator<FoundChoice> = (prompt) => {
  if (prompt.recognized.succeeded) return Promise.resolve(true);
  if (prompt.attemptCount >= MAX_MISSES) {
    prompt.recognized.value = { value: MISSED, index: -1, score: 0 };
    return Promise.resolve(true);
  }
  return Promise.resolve(false);
};
