/** English message catalogue. Every user-facing string of the dialogs lives here and in `hi.ts`. */
export const en = {
  // Language
  'language.prompt': 'Please choose your language.\nकृपया अपनी भाषा चुनें।',
  'language.retry':
    'Please tap English or हिन्दी (or type 1 or 2).\nकृपया English या हिन्दी चुनें (या 1 या 2 लिखें)।',
  'language.changed': 'Language set to English.',
  welcome:
    'Welcome! This service helps your community ask for work, report problems and share stories with the people who can help.',

  // Finding a community
  'onboarding.intro': 'To connect you with your community, I need to know where you are.',
  'join.intro': "Let's find another community for you to join.",
  'location.ask':
    'Please share your location (on WhatsApp: tap 📎 → Location). You can also type it as "latitude, longitude" (for example 24.58, 73.71) or paste a map link.',
  'location.orList': 'If you cannot share a location, choose "Choose from a list".',
  'location.retry':
    'I need a location. Share it with 📎 → Location, type "latitude, longitude" (for example 24.58, 73.71), or choose "Choose from a list".',
  'location.retryNoList':
    'I need a location: share it, or type "latitude, longitude" (for example 24.58, 73.71).',
  'option.fromList': 'Choose from a list',
  'option.anotherLocation': 'Another location',
  'communities.choose': 'I found these communities near you. Which one do you want to join?',
  'communities.chooseRetry': 'Please choose one of the communities below, or type its number.',
  'communities.none':
    'I could not find a community at that location. You can share another location or choose from a list.',
  'communities.noneRetry': 'Please choose "Another location" or "Choose from a list".',
  'region.state': 'Please choose your state.',
  'region.district': 'Please choose your district.',
  'region.community': 'Please choose your community.',
  'region.retry': 'Please choose one of the options below, or type its number.',
  'region.empty': 'There are no communities listed there yet. Please share a location instead.',
  'join.done': '✅ You have joined {community}.',
  'join.already': 'You are already a member of {community}.',

  // Returning members
  'returning.single': '🏠 You are a member of {community}.',
  'returning.multiple': '🏠 Last time you used {community}.',
  'returning.prompt': 'How would you like to continue?',
  'returning.retry': 'Please choose one of the options below.',
  'option.continue': 'Continue',
  'option.continueLast': 'Continue with it',
  'option.chooseOther': 'Choose another',
  'option.joinAnother': 'Join another community',
  'returning.choose': 'Which community do you want to use?',

  // Service menu
  'menu.prompt': 'What would you like to do for {community}?',
  'menu.retry': 'Please choose one of the options below, or type its number.',
  'menu.workDemand': 'Ask for work',
  'menu.status': 'My requests',
  'menu.grievance': 'Report a problem',
  'menu.story': 'Share a story',
  'menu.switchCommunity': 'Switch community',
  'menu.joinCommunity': 'Join a community',
  'menu.changeLanguage': 'Change language',
  'menu.endChat': 'End chat',
  goodbye: 'Thank you. Send "hi" any time to start again.',

  // Submissions
  'work_demand.intro':
    '📋 Ask for work: I will ask where the work is needed, what is needed, and for photos of the site.',
  'grievance.intro':
    '📝 Report a problem: I will ask where it is, what the problem is, and for photos if you have any.',
  'story.intro':
    '🌍 Share your story: have you seen or lived through something about water, forests, land or the weather? Big or small, tell us.',
  'work_demand.place': '📍 Where is the work site?',
  'grievance.place': '📍 Where is the problem?',
  'story.place': '📍 Where did this happen?',
  'place.options': 'Share the location, type "latitude, longitude", or choose an option below.',
  'place.retry': 'I need a place: share a location, type "latitude, longitude", or choose an option below.',
  'option.sameAsCommunity': 'Same as my community',
  'work_demand.describe':
    '🎤 Please describe the work you need: send a voice note or type it. Say the village and what should be built or repaired (for example a pond, a well or a check dam).',
  'grievance.describe':
    '🎤 Please describe the problem: send a voice note or type it. Tell us since when it has been happening and who is involved (a department, an official, a contractor...).',
  'story.describe':
    '🎤 Please tell your story: send a voice note or type it. What did you see or experience?',
  'describe.retry': 'I need a description: please send a voice note or type a few words.',
  'text.tooLong':
    'That message is too long for me: {max} characters at most. Please send a shorter one, or a voice note. Nothing you gave before is lost.',
  'work_demand.photos': '📷 Please send 1 to 5 photos of the work site. Tap "Done" when you have sent them.',
  'photos.optional':
    '📷 You can send up to 5 photos. Tap "Skip" if you have none, or "Done" when you have sent them.',
  'photos.received': '📷 Photo {count} received.',
  'photos.receivedMany': '📷 Photos received: {count}.',
  'photos.more': 'Send another photo, or tap "Done".',
  'photos.needOne': 'Please send at least one photo of the work site, then tap "Done".',
  'photos.full': 'That makes 5 photos, thank you.',
  'photos.retry': 'Please send a photo, or tap "Done".',
  'photos.retryOptional': 'Please send a photo, or tap "Skip".',
  'option.yes': 'Yes',
  'option.no': 'No',
  'yesNo.retry': 'Please answer "Yes" or "No".',
  'option.done': 'Done',
  'option.skip': 'Skip',
  'summary.title': 'Please check your {type}:',
  'summary.place': '📍 Place: {place}',
  'summary.description': '📝 Description: {description}',
  'summary.photos': '📷 Photos: {count}',
  'summary.community': '🏠 Community: {community}',
  'summary.voiceNote': 'voice note',
  'summary.prompt': 'Shall I submit it?',
  'summary.retry': 'Please choose "Submit", "Change" or "Cancel".',
  'option.submit': 'Submit',
  'option.change': 'Change',
  'option.cancel': 'Cancel',
  'change.prompt': 'What would you like to change?',
  'change.retry': 'Please choose the place, the description or the photos.',
  'option.place': 'Place',
  'option.description': 'Description',
  'option.photos': 'Photos',
  'work_demand.submitted':
    '✅ Thank you! Your work demand is registered. Your reference is {reference}. You can follow it with "My requests" in the menu.',
  'grievance.submitted':
    '✅ Thank you! Your grievance is registered and will be reviewed. Your reference is {reference}. You can follow it with "My requests" in the menu.',
  'story.submitted': '✅ Thank you for sharing your story! Your reference is {reference}.',
  cancelled: 'Cancelled. Nothing was submitted.',

  // Status
  'status.header': '📋 Your requests ({count}):',
  'status.item': '{n}. {reference} · {type} · {status}\n    {date}: {summary}',
  'status.none':
    'You have not submitted anything yet. Choose "Ask for work", "Report a problem" or "Share a story" in the menu.',
  'status.prompt': 'Would you like to see more?',
  'status.retry': 'Please choose "Show more" or "Back to menu".',
  'option.showMore': 'Show more',
  'option.backToMenu': 'Back to menu',
  'type.work_demand': 'work demand',
  'type.grievance': 'grievance',
  'type.story': 'story',
  'status.submitted': 'Submitted',
  'status.under_review': 'Under review',
  'status.accepted': 'Accepted',
  'status.resolved': 'Resolved',
  'status.rejected': 'Rejected',
  // An operator's status change, told to the person
  'status.changed': 'Update on your request {reference}: its status is now "{status}".',
  'status.changedNote': 'Note from the team: {note}',

  // Anywhere
  help: 'I can help you ask for work for your community, report a problem, share a story and follow your requests.\nSend "menu" at any time to see the menu, "cancel" to stop what you are doing, or "language" to change the language.',
  'missed.menu': "Let's go back to the menu.",
  'idle.back': 'Welcome back!',
  'error.apology': 'Sorry, something went wrong on our side. Please send "hi" to start again.',
  // Privacy: notice and consent (issue #14), and the /privacy and /terms pages built from the same text
  'consent.title': '🔒 Before we start: how {org} uses what you share',
  'consent.kept':
    'We keep your phone number (or account id), the locations you share, your voice notes and photos, and what you submit.',
  'consent.why':
    'We keep them to connect you with your community and to pass your requests, problems and stories to the people who can act on them.',
  'consent.who': 'Only {org} and the people it works with on your requests see them. We do not sell them.',
  'consent.howLong':
    'Messages are kept for {days} days, and the photos and voice notes of a finished request for {mediaDays} days. If you write nothing for {inactiveDays} days, everything about you is deleted. Your requests are kept while {org} follows them up; once your data is deleted, only their reference and status remain.',
  'consent.stop':
    'Send STOP at any time to stop messages from us, or "delete my data" to have your data deleted.',
  'consent.contact': 'Questions: {contact}.',
  'consent.more': 'Full notice: {privacy}',
  'consent.prompt': 'Do you agree?',
  'consent.retry': 'Please tap "I agree" or "No, thanks".',
  'option.agree': 'I agree',
  'option.decline': 'No, thanks',
  'consent.declined':
    'Understood. We have kept nothing except your language. If you change your mind, write "hi" again.',
  'consent.declinedAgain':
    'Understood. Nothing more will be kept. To have what you shared before deleted, write "delete my data". If you change your mind, write "hi" again.',
  'consent.defaultOrg': 'the organisation that runs this service',
  'help.pages': 'Privacy: {privacy}\nTerms: {terms}',
  'privacy.pageTitle': 'Privacy notice',
  'privacy.kept': 'What we keep',
  'privacy.why': 'Why',
  'privacy.who': 'Who sees it',
  'privacy.howLong': 'For how long',
  'privacy.stop': 'How to stop or delete',
  'privacy.contact': 'Contact',
  'privacy.version': 'Version of this notice: {version}',
  'terms.pageTitle': 'Terms of use',
  'terms.service':
    'This WhatsApp and Messenger service is offered free of charge by {org} to help communities ask for work, report problems and share stories.',
  'terms.honest':
    "Please share only what is true, and do not send other people's personal details or photos without their permission.",
  'terms.noPromise':
    '{org} reads every submission, but cannot promise that every request will be accepted or resolved.',
  'terms.privacy': 'What we keep and how to delete it is explained in the privacy notice: {privacy}',
  // Delete my data (issue #14, item 3): the menu entry, the confirmation, the answer
  'menu.eraseMyData': 'Delete my data',
  'erase.confirm':
    'This deletes everything we keep about you: your number, language, communities, messages, voice notes, photos and location. Requests you filed keep only their reference and status, without your name, words or media. This cannot be undone. Delete your data?',
  'erase.done':
    'Your data is being deleted. Your deletion reference is {reference}: quote it if you contact us. Send "hi" any time to start again.',
  'erase.kept': 'Nothing was deleted.',
  'erase.unavailable': 'Sorry, deleting data is not possible here. Please contact the organisation.',

  // Opt-out and opt-in (STOP / START)
  'optOut.done':
    'Done: you will get no more messages from us that you did not ask for (updates, reminders, announcements). You can still write to us at any time and we will answer. To get them again, send START.',
  'optIn.done':
    'Welcome back: you will get our updates and announcements again. Send STOP at any time to stop them.',
} as const;

export type MessageKey = keyof typeof en;
