/**
 * The bot: an `ActivityHandler` running the main dialog over conversation and user state. Channel
 * neutral: every adapter (CloudAdapter for the Emulator, our Meta adapters) calls `run`.
 */
import { ActivityHandler, type BotState, type TurnContext } from 'botbuilder';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import { runDialog } from '../dialogs/runDialog';

export class CommunityBot extends ActivityHandler {
  constructor(
    private readonly conversationState: BotState,
    private readonly userState: BotState,
    dialog: Dialog,
  ) {
    super();
    const dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.onMessage(async (context, next) => {
      await runDialog(dialog, context, dialogState);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id !== botId)) {
        await runDialog(dialog, context, dialogState);
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}
