import { describe, expect, it } from 'vitest';
import { defaultLang, en, localize, translate, zh, type MessageKey } from './messages';
import { localized, localizedError, LocalizedError } from './localized';

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

  it('says a sentence made elsewhere, with sentences and lists inside it, in either language', () => {
    const problems = [localized('backendNotStarted', { backend: 'webgl' }), localized('backendImprecise', { backend: 'wasm', error: '3.0e-1' })];
    const m = localized('backendNoneWorks', { problems });
    expect(localize('en', m)).toBe('No TensorFlow.js backend works here: webgl did not start; wasm failed the precision self-test (error 3.0e-1).');
    expect(localize('zh', m)).toBe('此处没有可用的 TensorFlow.js 后端：webgl 未能启动；wasm 未通过精度自检（误差 3.0e-1）。');
    expect(localize('zh', localized('engineStopped', { message: localized('engineKeepsFailing', { reason: localized('engineHung', {}) }) }))).toBe(
      '引擎已停止：分析引擎反复出错：分析线程停止响应。请重新加载页面后再试。',
    );
  });

  it('keeps an error meant for the person, and wraps the text of an unexpected one', () => {
    expect(localizedError(new LocalizedError(localized('decodePdf', {})))).toEqual({ key: 'decodePdf', params: {} });
    const wrapped = localizedError(new TypeError('x is undefined'), 'faceDetectionFailed');
    expect(localize('en', wrapped)).toBe('Face detection failed: x is undefined');
    expect(localize('zh', wrapped)).toBe('人脸检测失败：x is undefined');
  });

  it('defaults to the browser language', () => {
    expect(defaultLang(['zh-CN', 'en'])).toBe('zh');
    expect(defaultLang(['zh-TW'])).toBe('zh');
    expect(defaultLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(defaultLang(['fr-FR', 'zh'])).toBe('zh');
    expect(defaultLang(['de'])).toBe('en');
  });
});
