/**
 * The console's words in English and Hindi. Hindi must name every English key (the compiler checks it).
 * The language is the operator's choice, kept in this browser; the first time, the browser's language.
 */
const en = {
  'app.title': 'Operator console',
  'app.skip': 'Skip to content',
  'nav.submissions': 'Submissions',
  'nav.broadcasts': 'Broadcasts',
  'nav.language': 'हिन्दी',
  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {name}',
  'signIn.title': 'Sign in',
  'signIn.key': 'Operator key',
  'signIn.hint':
    'An operator API key (OPERATOR_API_KEYS). In development, the key printed when the bot starts.',
  'signIn.submit': 'Sign in',
  'signIn.refused': 'This key is not accepted. Check it, or ask whoever runs the service for a new one.',
  'signIn.expired': 'Your key is no longer accepted. Sign in again with a valid key.',
  'error.offline': 'The service cannot be reached. Check the connection and try again.',
  'error.generic': 'Something went wrong: {message}',
  loading: 'Loading…',
  'filters.title': 'Filters',
  'filters.type': 'Type',
  'filters.status': 'Status',
  'filters.community': 'Community',
  'filters.since': 'From',
  'filters.until': 'To',
  'filters.reference': 'Reference',
  'filters.any': 'Any',
  'filters.apply': 'Apply',
  'filters.clear': 'Clear',
  'list.counts': 'By status',
  'list.total': 'All: {n}',
  'list.empty': 'No submissions match.',
  'list.next': 'Next page',
  'list.previous': 'Previous page',
  'list.csv': 'Export CSV',
  'list.csvDone': 'Exported {file}',
  'list.noReference': 'No submission has the reference {reference}.',
  'col.reference': 'Reference',
  'col.type': 'Type',
  'col.status': 'Status',
  'col.community': 'Community',
  'col.created': 'Filed',
  'col.media': 'Media',
  'type.work_demand': 'Work demand',
  'type.grievance': 'Grievance',
  'type.story': 'Story',
  'status.submitted': 'Submitted',
  'status.under_review': 'Under review',
  'status.accepted': 'Accepted',
  'status.resolved': 'Resolved',
  'status.rejected': 'Rejected',
  'submission.back': '← All submissions',
  'submission.who': 'Who',
  'submission.name': 'Name',
  'submission.channel': 'Channel',
  'submission.number': 'Number or id',
  'submission.reveal': 'Reveal',
  'submission.revealNote': 'Each reveal is recorded in the audit trail.',
  'submission.community': 'Community',
  'submission.place': 'Place',
  'submission.mapOffline': 'Map not available offline.',
  'submission.openMap': 'Open in OpenStreetMap',
  'submission.description': 'Description',
  'submission.noText': 'No text.',
  'submission.photos': 'Photos',
  'submission.voice': 'Voice notes and other media',
  'submission.expired': 'Deleted after the retention period ({at}).',
  'submission.photoAlt': 'Photo {n} of {reference}',
  'submission.close': 'Close',
  'submission.history': 'Status history',
  'submission.by': 'by {by}',
  'submission.byPerson': 'filed by the person',
  'notification.sent': 'Person told ({via})',
  'notification.not_sent': 'Person not told: {reason}',
  'notification.failed': 'Telling the person failed: {reason}',
  'delivery.sent': 'sent',
  'delivery.delivered': 'delivered',
  'delivery.read': 'read',
  'delivery.failed': 'failed',
  'change.title': 'Change status',
  'change.status': 'New status',
  'change.note': 'Note to the person (optional)',
  'change.submit': 'Change status',
  'change.done': 'Status changed to {status}.',
  'message.title': 'Message the person',
  'message.text': 'Message',
  'message.template': 'Or a WhatsApp template name',
  'message.language': 'Template language',
  'message.submit': 'Send',
  'message.sent': 'Sent.',
  'conversation.title': 'Conversation',
  'conversation.empty': 'No messages kept.',
  'conversation.older': 'Older messages',
  'conversation.in': 'Person',
  'conversation.out': 'Bot or operator',
  'broadcast.title': 'Send a template to a community',
  'broadcast.community': 'Community',
  'broadcast.template': 'Template name',
  'broadcast.language': 'Template language',
  'broadcast.submit': 'Send broadcast',
  'broadcast.progress': 'Broadcast {id}: {state}',
  'broadcast.cancel': 'Cancel broadcast',
  'broadcast.none': 'No broadcast sent from this browser yet.',
  'count.queued': 'queued',
  'count.sent': 'sent',
  'count.delivered': 'delivered',
  'count.read': 'read',
  'count.failed': 'failed',
  'count.skipped': 'skipped',
  'count.unknown': 'unknown',
} as const;

export type WordKey = keyof typeof en;

const hi: Record<WordKey, string> = {
  'app.title': 'ऑपरेटर कंसोल',
  'app.skip': 'सामग्री पर जाएँ',
  'nav.submissions': 'अनुरोध',
  'nav.broadcasts': 'सामूहिक संदेश',
  'nav.language': 'English',
  'nav.signOut': 'साइन आउट',
  'nav.signedInAs': '{name} के रूप में साइन इन',
  'signIn.title': 'साइन इन',
  'signIn.key': 'ऑपरेटर कुंजी',
  'signIn.hint': 'ऑपरेटर API कुंजी (OPERATOR_API_KEYS)। डेवलपमेंट में, बॉट शुरू होने पर छपी कुंजी।',
  'signIn.submit': 'साइन इन करें',
  'signIn.refused': 'यह कुंजी स्वीकार नहीं है। इसे जाँचें, या सेवा चलाने वाले से नई कुंजी माँगें।',
  'signIn.expired': 'आपकी कुंजी अब स्वीकार नहीं है। किसी मान्य कुंजी से फिर साइन इन करें।',
  'error.offline': 'सेवा तक नहीं पहुँच पा रहे। कनेक्शन जाँचें और फिर कोशिश करें।',
  'error.generic': 'कुछ गड़बड़ हुई: {message}',
  loading: 'लोड हो रहा है…',
  'filters.title': 'फ़िल्टर',
  'filters.type': 'प्रकार',
  'filters.status': 'स्थिति',
  'filters.community': 'समुदाय',
  'filters.since': 'से',
  'filters.until': 'तक',
  'filters.reference': 'संदर्भ',
  'filters.any': 'कोई भी',
  'filters.apply': 'लागू करें',
  'filters.clear': 'साफ़ करें',
  'list.counts': 'स्थिति के अनुसार',
  'list.total': 'सभी: {n}',
  'list.empty': 'कोई अनुरोध मेल नहीं खाता।',
  'list.next': 'अगला पेज',
  'list.previous': 'पिछला पेज',
  'list.csv': 'CSV निर्यात करें',
  'list.csvDone': '{file} निर्यात हुआ',
  'list.noReference': 'संदर्भ {reference} का कोई अनुरोध नहीं है।',
  'col.reference': 'संदर्भ',
  'col.type': 'प्रकार',
  'col.status': 'स्थिति',
  'col.community': 'समुदाय',
  'col.created': 'दर्ज',
  'col.media': 'मीडिया',
  'type.work_demand': 'काम की माँग',
  'type.grievance': 'शिकायत',
  'type.story': 'कहानी',
  'status.submitted': 'दर्ज',
  'status.under_review': 'जाँच में',
  'status.accepted': 'स्वीकृत',
  'status.resolved': 'हल हुआ',
  'status.rejected': 'अस्वीकृत',
  'submission.back': '← सभी अनुरोध',
  'submission.who': 'कौन',
  'submission.name': 'नाम',
  'submission.channel': 'चैनल',
  'submission.number': 'नंबर या आईडी',
  'submission.reveal': 'दिखाएँ',
  'submission.revealNote': 'हर बार दिखाना ऑडिट में दर्ज होता है।',
  'submission.community': 'समुदाय',
  'submission.place': 'जगह',
  'submission.mapOffline': 'ऑफ़लाइन नक्शा उपलब्ध नहीं।',
  'submission.openMap': 'OpenStreetMap में खोलें',
  'submission.description': 'विवरण',
  'submission.noText': 'कोई पाठ नहीं।',
  'submission.photos': 'फ़ोटो',
  'submission.voice': 'वॉइस नोट और अन्य मीडिया',
  'submission.expired': 'रखने की अवधि के बाद हटाया गया ({at})।',
  'submission.photoAlt': '{reference} की फ़ोटो {n}',
  'submission.close': 'बंद करें',
  'submission.history': 'स्थिति का इतिहास',
  'submission.by': '{by} द्वारा',
  'submission.byPerson': 'व्यक्ति ने दर्ज किया',
  'notification.sent': 'व्यक्ति को बताया गया ({via})',
  'notification.not_sent': 'व्यक्ति को नहीं बताया गया: {reason}',
  'notification.failed': 'व्यक्ति को बताना विफल: {reason}',
  'delivery.sent': 'भेजा गया',
  'delivery.delivered': 'पहुँचा',
  'delivery.read': 'पढ़ा गया',
  'delivery.failed': 'विफल',
  'change.title': 'स्थिति बदलें',
  'change.status': 'नई स्थिति',
  'change.note': 'व्यक्ति के लिए टिप्पणी (वैकल्पिक)',
  'change.submit': 'स्थिति बदलें',
  'change.done': 'स्थिति बदलकर {status} हुई।',
  'message.title': 'व्यक्ति को संदेश भेजें',
  'message.text': 'संदेश',
  'message.template': 'या WhatsApp टेम्पलेट का नाम',
  'message.language': 'टेम्पलेट की भाषा',
  'message.submit': 'भेजें',
  'message.sent': 'भेजा गया।',
  'conversation.title': 'बातचीत',
  'conversation.empty': 'कोई संदेश नहीं रखा गया।',
  'conversation.older': 'पुराने संदेश',
  'conversation.in': 'व्यक्ति',
  'conversation.out': 'बॉट या ऑपरेटर',
  'broadcast.title': 'किसी समुदाय को टेम्पलेट भेजें',
  'broadcast.community': 'समुदाय',
  'broadcast.template': 'टेम्पलेट का नाम',
  'broadcast.language': 'टेम्पलेट की भाषा',
  'broadcast.submit': 'सामूहिक संदेश भेजें',
  'broadcast.progress': 'सामूहिक संदेश {id}: {state}',
  'broadcast.cancel': 'सामूहिक संदेश रद्द करें',
  'broadcast.none': 'इस ब्राउज़र से अभी तक कोई सामूहिक संदेश नहीं भेजा गया।',
  'count.queued': 'कतार में',
  'count.sent': 'भेजे गए',
  'count.delivered': 'पहुँचे',
  'count.read': 'पढ़े गए',
  'count.failed': 'विफल',
  'count.skipped': 'छोड़े गए',
  'count.unknown': 'अज्ञात',
};

export type Lang = 'en' | 'hi';
const WORDS: Record<Lang, Record<WordKey, string>> = { en, hi };
const LANG_ITEM = 'console.lang';

let current: Lang = initial();

function initial(): Lang {
  const kept = localStorage.getItem(LANG_ITEM);
  if (kept === 'en' || kept === 'hi') return kept;
  return navigator.language.toLowerCase().startsWith('hi') ? 'hi' : 'en';
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(LANG_ITEM, next);
  document.documentElement.lang = next;
}

/** The words of `key` in the console's language, `{name}` placeholders filled. */
export function t(key: WordKey, params: Record<string, string | number> = {}): string {
  return WORDS[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

const isKey = (key: string): key is WordKey => key in en;

/** A key's words when the key comes from the service (a status, a type): the raw value if unknown. */
export function tOr(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return isKey(key) ? t(key) : value.replace(/_/g, ' ');
}

/** A date and time in the console's language, in the browser's time zone. */
export function when(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(current === 'hi' ? 'hi-IN' : 'en-IN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
