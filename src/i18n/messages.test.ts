import { describe, expect, it } from 'vitest';
import { defaultLang, en, translate, zh, type MessageKey } from './messages';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translate('en', 'analysedOf', { finished: 3, total: 10 })).toBe('3 of 10 analysed');
    expect(translate('zh', 'analysedOf', { finished: 3, total: 10 })).toBe('已分析 3 / 10');
  });

  it('defaults to the browser language', () => {
    expect(defaultLang(['zh-CN', 'en'])).toBe('zh');
    expect(defaultLang(['zh-TW'])).toBe('zh');
    expect(defaultLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(defaultLang(['fr-FR', 'zh'])).toBe('zh');
    expect(defaultLang(['de'])).toBe('en');
  });
});
