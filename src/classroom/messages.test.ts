import { describe, expect, it } from 'vitest';
import { en, translateClassroom, zh, type ClassroomKey } from './messages';
import { localized } from '../i18n/localized';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('classroom messages', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as ClassroomKey[]) {
      expect(zh[key].trim(), key).not.toBe('');
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translateClassroom('en', 'stepOf', { i: 2, n: 9 })).toBe('Step 2 of 9');
    expect(translateClassroom('zh', 'stepOf', { i: 2, n: 9 })).toBe('第 2 步，共 9 步');
  });

  it("says a worker's or engine's sentence inside a classroom sentence in the same language", () => {
    const closed = localized('engineClosed', {});
    expect(translateClassroom('zh', 'runFailed', { message: closed })).toBe('模型无法运行：分析引擎已关闭');
    expect(translateClassroom('en', 'runFailed', { message: closed })).toBe('The model could not run: the analysis engine was closed');
  });
});
