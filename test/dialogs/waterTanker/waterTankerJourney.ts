/** The water tanker's registry entry and its messages, English and Hindi: all a bot adds beside its dialog. */
import { z } from 'zod';
import type { Journey } from '../../../dialogs/journeys/journey';
import { WATER_TANKER_DIALOG, WaterTankerDialog } from './waterTankerDialog';

export const WATER_TANKER: Journey = {
  id: 'waterTanker',
  title: 'water_tanker.menu',
  dialog: {
    id: WATER_TANKER_DIALOG,
    build: (services) => new WaterTankerDialog(services),
  },
  submission: {
    type: 'water_tanker',
    prefix: 'WT',
    itemType: 'WATER_TANKER',
    fields: z.object({ litres: z.number().int().min(100).max(50_000), drinking: z.boolean() }),
    name: 'water_tanker.name',
    submitted: 'water_tanker.submitted',
  },
  messages: {
    en: {
      'water_tanker.menu': 'Request a water tanker',
      'water_tanker.name': 'water tanker request',
      'water_tanker.intro':
        '🚰 Request a water tanker: I will ask where, how much water, and what it is for.',
      'water_tanker.place': '📍 Where should the tanker come?',
      'water_tanker.litres': 'How many litres of water are needed? (for example 5000)',
      'water_tanker.litresRetry': 'Please give a number of litres between 100 and 50000, for example 5000.',
      'water_tanker.drinking': 'Is the water for drinking?',
      'water_tanker.describe': '🎤 Who needs the water, and since when? Send a voice note or type it.',
      'water_tanker.submitted': '✅ Your water tanker request is registered. Your reference is {reference}.',
    },
    hi: {
      'water_tanker.menu': 'पानी का टैंकर मँगाएँ',
      'water_tanker.name': 'टैंकर का अनुरोध',
      'water_tanker.intro': '🚰 पानी का टैंकर: मैं पूछूँगा कि कहाँ, कितना पानी, और किस काम के लिए।',
      'water_tanker.place': '📍 टैंकर कहाँ आना चाहिए?',
      'water_tanker.litres': 'कितने लीटर पानी चाहिए? (जैसे 5000 या पाँच हज़ार)',
      'water_tanker.litresRetry': 'कृपया 100 से 50000 के बीच लीटर की संख्या बताइए, जैसे 5000।',
      'water_tanker.drinking': 'क्या पानी पीने के लिए है?',
      'water_tanker.describe': '🎤 पानी किसे चाहिए, और कब से? वॉइस नोट भेजें या लिखें।',
      'water_tanker.submitted': '✅ आपका टैंकर का अनुरोध दर्ज हो गया है। आपका संदर्भ नंबर {reference} है।',
    },
  },
};
