// The translation hook: components call t('key', params), or t(sentence) for a sentence made
// elsewhere (src/i18n/localized.ts), in the language chosen in the store.
import { useCallback } from 'react';
import { useStore } from '../state/store';
import { localize, translate, type MessageKey, type Params } from '../i18n/messages';
import type { Localized } from '../i18n/localized';

export interface T {
  (key: MessageKey, params?: Params): string;
  (sentence: Localized): string;
}

export function useT(): T {
  const lang = useStore((s) => s.lang);
  return useCallback(
    ((keyOrSentence: MessageKey | Localized, params?: Params) =>
      typeof keyOrSentence === 'string' ? translate(lang, keyOrSentence, params) : localize(lang, keyOrSentence)) as T,
    [lang],
  );
}
