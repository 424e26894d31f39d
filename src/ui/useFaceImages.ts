// The crops and Fmt maps of the photo a panel shows, asked of the worker when the photo or its
// analysis changes (results keep none: src/state/faceImages.ts); a request the panel no longer
// needs is withdrawn if it has not started.
import { useEffect, useState } from 'react';
import { faceImages } from '../state/pageEngine';
import type { Item } from '../state/store';
import type { FaceImages } from '../shared/analysisProtocol';
import type { ImageAnalysis } from '../analysis/types';
import { localizedError, type Localized } from '../i18n/localized';

export type FaceImagesState =
  | { status: 'loading' }
  | { status: 'ready'; faces: FaceImages[] }
  | { status: 'failed'; message: Localized };

/** Null when the item has no analysed face. */
export function useFaceImages(item: Item | undefined): FaceImagesState | null {
  const analysis = item?.analysis;
  const [state, setState] = useState<{ of: ImageAnalysis; value: FaceImagesState } | null>(null);
  useEffect(() => {
    // A clip's faces are made again per frame by its own panel (VideoDetail).
    if (!item || !analysis || analysis.faces.length === 0 || analysis.video) return;
    const stop = new AbortController();
    faceImages.get(item.id, item.file, analysis.faces.map((f) => f.cropBox), stop.signal).then(
      (faces) => stop.signal.aborted || setState({ of: analysis, value: { status: 'ready', faces } }),
      (e: unknown) => stop.signal.aborted || setState({ of: analysis, value: { status: 'failed', message: localizedError(e) } }),
    );
    return () => stop.abort();
    // The item's file does not change; its analysis does after a re-run.
  }, [item?.id, analysis]);
  if (!item || !analysis || analysis.faces.length === 0 || analysis.video) return null;
  // What the state holds for an earlier photo or analysis is not shown for this one.
  return state?.of === analysis ? state.value : { status: 'loading' };
}
