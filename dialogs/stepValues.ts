/**
 * Typed access to a waterfall's `step.values`: they are persisted in conversation state between turns,
 * so they are read back through a zod schema like any stored JSON.
 */
import type { WaterfallStepContext } from 'botbuilder-dialogs';
import type { z } from 'zod';

export function setValue(step: WaterfallStepContext, key: string, value: unknown): void {
  Object.assign(step.values, { [key]: value });
}

export function getValue<T>(step: WaterfallStepContext, key: string, schema: z.ZodType<T>): T | undefined {
  const parsed = schema.safeParse(Reflect.get(step.values, key));
  return parsed.success ? parsed.data : undefined;
}
