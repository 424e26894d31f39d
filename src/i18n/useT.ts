// The translation hook: components call t('key', params) in the language chosen in the store.
import { useCallback } from 'react';
import { useStore } from '../state/store';
import { translate, type MessageKey, type Params } from './messages';

export type T = (key: MessageKey, params?: Params) => string;

export function useT(): T {
  const lang = useStore((s) => s.lang);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}
