// The classroom's own small store (loaded with the classroom): its photos and where their labels
// came from, which section and photo are open, whether the truth is revealed, the walkthrough step,
// the what-if settings, and the model's predictions so they survive switching sections. Plain data only.
import { create } from 'zustand';
import { NO_CHANGE, type WhatIf } from '../crop/whatIf';
import type { ClassroomFace } from './faces';
import type { ClassroomSentence } from './messages';
import type { Localized } from '../i18n/localized';
import type { Judge } from '../analysis/verdict';

export type ClassroomTab = 'gallery' | 'walkthrough' | 'whatif' | 'compare';

/** Where the labelled photos come from: the build's gallery, or a folder the person opened. */
export type LabelledSet =
  | { kind: 'gallery' }
  | { kind: 'folder'; folder: string; shown: number; labelled: number; missing: number };

interface ClassroomState {
  tab: ClassroomTab;
  /** Whether the build's gallery was looked for: 'absent' when this build has none. */
  gallery: 'loading' | 'ready' | 'absent';
  galleryError: ClassroomSentence | null;
  /** The labelled photos first (gallery or opened folder), then the person's own. */
  faces: ClassroomFace[];
  labelled: LabelledSet | null;
  /** Why the last folder could not be opened. */
  folderError: ClassroomSentence | null;
  /** Index in `faces` of the photo the walkthrough, the lab and the comparison use. */
  face: number;
  reveal: boolean;
  step: number;
  whatIf: WhatIf;
  /** Face key -> probabilities of the loaded model. */
  predictions: Record<string, number[]>;
  /** Face key -> why it could not be analysed. */
  failures: Record<string, Localized>;
  /** The loaded model card's judge (judgeFor(card)), once a prediction came back. */
  judge: Judge | null;
  set(patch: Partial<Omit<ClassroomState, 'set'>>): void;
}

export const useClassroom = create<ClassroomState>()((set) => ({
  tab: 'gallery',
  gallery: 'loading',
  galleryError: null,
  faces: [],
  labelled: null,
  folderError: null,
  face: 0,
  reveal: false,
  step: 0,
  whatIf: NO_CHANGE,
  predictions: {},
  failures: {},
  judge: null,
  set: (patch) => set(patch),
}));

/**
 * Replaces the labelled photos (keeping the person's own), releasing the replaced files' URLs. The
 * truth of the new photos is hidden again, so opening a folder never shows its answers at once.
 */
export function setLabelled(labelled: LabelledSet, faces: ClassroomFace[]): void {
  const s = useClassroom.getState();
  const old = s.faces.filter((f) => f.label !== null);
  for (const f of old) if (f.file) URL.revokeObjectURL(f.url);
  s.set({ labelled, faces: [...faces, ...s.faces.filter((f) => f.label === null)], face: 0, step: 0, folderError: null, reveal: false });
}

/** Adds the person's own photos after the others and opens the first of them. */
export function addOwn(faces: ClassroomFace[]): void {
  const s = useClassroom.getState();
  if (faces.length) s.set({ faces: [...s.faces, ...faces], face: s.faces.length, step: 0 });
}

/** The classroom photo with this key (requests name photos by key, so a slow answer finds its photo). */
export function faceByKey(key: string): ClassroomFace {
  const face = useClassroom.getState().faces.find((f) => f.key === key);
  if (!face) throw new Error(`${key} is no longer in the classroom`);
  return face;
}
