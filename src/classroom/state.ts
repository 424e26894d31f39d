// The classroom's own small store (loaded with the classroom): which section and face are open,
// whether the truth is revealed, the walkthrough step, the what-if settings, and the gallery's
// predictions so they survive switching sections. Plain data only.
import { create } from 'zustand';
import { NO_CHANGE, type WhatIf } from '../model/whatIf';
import type { GalleryIndex } from './gallery';

export type ClassroomTab = 'gallery' | 'walkthrough' | 'whatif' | 'compare';

interface ClassroomState {
  tab: ClassroomTab;
  gallery: GalleryIndex | null;
  galleryError: string | null;
  /** Index of the face the walkthrough, the lab and the comparison use. */
  face: number;
  reveal: boolean;
  step: number;
  whatIf: WhatIf;
  /** Gallery file -> probabilities of the loaded model. */
  predictions: Record<string, number[]>;
  classes: string[];
  set(patch: Partial<Omit<ClassroomState, 'set'>>): void;
}

export const useClassroom = create<ClassroomState>()((set) => ({
  tab: 'gallery',
  gallery: null,
  galleryError: null,
  face: 0,
  reveal: false,
  step: 0,
  whatIf: NO_CHANGE,
  predictions: {},
  classes: [],
  set: (patch) => set(patch),
}));
