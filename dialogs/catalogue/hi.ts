/** Hindi message catalogue: the same keys as `en.ts`, checked by the type. */
import type { MessageKey } from './en';

export const hi: Record<MessageKey, string> = {
  'language.prompt': 'Please choose your language.\nकृपया अपनी भाषा चुनें।',
  'language.retry':
    'Please tap English or हिन्दी (or type 1 or 2).\nकृपया English या हिन्दी चुनें (या 1 या 2 लिखें)।',
  'language.changed': 'भाषा हिन्दी चुनी गई।',
  welcome:
    'नमस्ते! यह सेवा आपके समुदाय को काम की माँग करने, समस्याएँ दर्ज करने और अपनी कहानियाँ उन लोगों तक पहुँचाने में मदद करती है जो मदद कर सकते हैं।',
  'menu.prompt': 'आप क्या करना चाहेंगे?',
  'menu.retry': 'कृपया नीचे दिए गए विकल्पों में से एक चुनें, या उसका नंबर लिखें।',
  'menu.workDemand': 'काम की माँग',
  'menu.grievance': 'शिकायत दर्ज करें',
  'menu.story': 'कहानी साझा करें',
  'menu.status': 'मेरे अनुरोध',
  'menu.changeLanguage': 'भाषा बदलें',
  'menu.endChat': 'बातचीत समाप्त करें',
  'menu.comingSoon': '"{option}" जल्द ही उपलब्ध होगा। यह रहा मेनू।',
  goodbye: 'धन्यवाद। फिर से शुरू करने के लिए कभी भी "नमस्ते" या "hi" भेजें।',
  'error.apology': 'क्षमा करें, हमारी ओर से कुछ गड़बड़ हो गई। कृपया फिर से शुरू करने के लिए "hi" भेजें।',
};
