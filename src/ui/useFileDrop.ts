// A drop target for files and folders: whether something is being dragged over it (for the highlight), and
// the files once dropped. The photo drop zone and "Open a model folder…" are both one.
import { useState, type DragEvent } from 'react';
import type { IncomingFile } from '../state/engine';
import { filesFromDataTransfer } from './dropFiles';

export function useFileDrop(onFiles: (files: IncomingFile[]) => unknown) {
  const [over, setOver] = useState(false);
  const dropProps = {
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      e.stopPropagation(); // an inner target (a model folder in the classroom) keeps the drop from the outer one
      e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      e.stopPropagation();
      setOver(false);
      void filesFromDataTransfer(e.dataTransfer).then(onFiles);
    },
  };
  return { over, dropProps };
}
