// A sentence to be said later, in the reader's language: a key of messages.ts and its values.
// Workers and the engine produce these (plain data, so they cross postMessage); the page
// translates them (t / translate) and the exports render them in English. Type imports only, so
// the workers do not carry the translations.
import type { en, MessageKey } from './messages';

/** The `{name}` placeholders of an English message, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** A value filled into a placeholder: a number, raw text (a file format, a renderer), or another sentence or list of them. */
export type ParamValue = string | number | Localized | readonly Localized[];

/** Exactly the placeholders a message has (none: an empty object). */
export type ParamsOf<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? Record<string, never>
  : { [P in Placeholders<(typeof en)[K]>]: ParamValue };

export type Localized = { [K in MessageKey]: { key: K; params: ParamsOf<K> } }[MessageKey];

export function localized<K extends MessageKey>(key: K, params: ParamsOf<K>): Localized {
  return { key, params } as Localized;
}

/** An error whose message is meant for the person; anything else is an unexpected error. */
export class LocalizedError extends Error {
  constructor(readonly localized: Localized) {
    super(localized.key);
    this.name = 'LocalizedError';
  }
}

/**
 * What to tell the person about a caught error: its own sentence, or the raw text of an
 * unexpected one inside a translated sentence (`wrap`, by default "Something unexpected went wrong").
 */
export function localizedError(e: unknown, wrap: 'unexpectedError' | 'faceDetectionFailed' | 'engineInitFailed' = 'unexpectedError'): Localized {
  if (e instanceof LocalizedError) return e.localized;
  return localized(wrap, { detail: e instanceof Error ? e.message : String(e) });
}
