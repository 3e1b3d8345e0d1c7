/** The main menu's button titles as a person sees them, shared by dialog and Emulator tests. */
export const MENU_TITLES_EN = [
  'Ask for work',
  'Report a problem',
  'Share a story',
  'My requests',
  'Change language',
  'End chat',
];
export const MENU_TITLES_HI = [
  'काम की माँग',
  'शिकायत दर्ज करें',
  'कहानी साझा करें',
  'मेरे अनुरोध',
  'भाषा बदलें',
  'बातचीत समाप्त करें',
];
