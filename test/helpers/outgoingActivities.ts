/** Activities a bot sends, as the channel renderers are tried with them: choices, a hero card. */
import { ActionTypes, type Activity } from 'botbuilder';

/** A message with `titles` as suggested actions (imBack), each answering its value (its title by default). */
export function withChoices(text: string, titles: string[], values = titles): Partial<Activity> {
  return {
    type: 'message',
    text,
    suggestedActions: {
      to: [],
      actions: titles.map((title, i) => ({ type: ActionTypes.ImBack, title, value: values[i] ?? title })),
    },
  };
}

/** A message with one hero card: a check dam's title, `text`, a photo and a "Details" button (imBack `value`). */
export function checkDamCard(text: string, value = 'Details'): Partial<Activity> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.hero',
        content: {
          title: 'Check dam',
          text,
          images: [{ url: 'https://example.org/dam.jpg' }],
          buttons: [{ type: 'imBack', title: 'Details', value }],
        },
      },
    ],
  };
}
