// Human descriptions of class names, in the interface language. The classes themselves come from
// the model card; a class the app has no text for is shown by its name.
import { translate, type Lang, type MessageKey } from '../i18n/messages';

const KNOWN = ['real', 'identity', 'attribute', 'splice', 'expression'];

export const classDescription = (name: string, lang: Lang = 'en'): string =>
  KNOWN.includes(name) ? translate(lang, `class_${name}` as MessageKey) : name;

/** The kind of manipulation a face looks most like, as a phrase ("a face swap or …"); unknown kinds by name. */
export const kindDescription = (name: string, lang: Lang = 'en'): string =>
  KNOWN.includes(name) && name !== 'real' ? translate(lang, `kind_${name}` as MessageKey) : name;

export const percent = (p: number): string => `${(p * 100).toFixed(1)} %`;
