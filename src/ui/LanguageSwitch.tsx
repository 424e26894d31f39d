// The interface language menu; the browser's language is the default (see i18n/messages.ts).
import { useEffect } from 'react';
import { useStore } from '../state/store';
import { LANGS, type Lang } from '../i18n/messages';
import { useT } from './useT';

export function LanguageSwitch() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const setLang = useStore((s) => s.setLang);
  useEffect(() => {
    // Screen readers pick their voice from the page's language.
    document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  }, [lang]);
  return (
    <label className="language">
      {t('language')}{' '}
      <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)} data-testid="language">
        {(Object.keys(LANGS) as Lang[]).map((l) => (
          <option key={l} value={l} lang={l === 'zh' ? 'zh-Hans' : 'en'}>
            {LANGS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
