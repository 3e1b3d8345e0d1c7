/** English message catalogue. Every user-facing string of the dialogs lives here and in `hi.ts`. */
export const en = {
  'language.prompt': 'Please choose your language.\nकृपया अपनी भाषा चुनें।',
  'language.retry':
    'Please tap English or हिन्दी (or type 1 or 2).\nकृपया English या हिन्दी चुनें (या 1 या 2 लिखें)।',
  'language.changed': 'Language set to English.',
  welcome:
    'Welcome! This service helps your community ask for work, report problems and share stories with the people who can help.',
  'menu.prompt': 'What would you like to do?',
  'menu.retry': 'Please choose one of the options below, or type its number.',
  'menu.workDemand': 'Ask for work',
  'menu.grievance': 'Report a problem',
  'menu.story': 'Share a story',
  'menu.status': 'My requests',
  'menu.changeLanguage': 'Change language',
  'menu.endChat': 'End chat',
  'menu.comingSoon': '"{option}" is coming soon. Here is the menu again.',
  goodbye: 'Thank you. Send "hi" any time to start again.',
  'error.apology': 'Sorry, something went wrong on our side. Please send "hi" to start again.',
} as const;

export type MessageKey = keyof typeof en;
