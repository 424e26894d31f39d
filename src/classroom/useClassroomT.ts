// The classroom's translation hook: ct('key', params) in the language chosen in the store.
import { useCallback } from 'react';
import { useStore } from '../state/store';
import { translateClassroom, type CT } from './messages';

export function useClassroomT(): CT {
  const lang = useStore((s) => s.lang);
  return useCallback((key, params) => translateClassroom(lang, key, params), [lang]);
}
