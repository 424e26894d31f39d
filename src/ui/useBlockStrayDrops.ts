// While mounted, a drop that misses a drop target does not make the browser open the file in
// place of the app (and lose the results).
import { useEffect } from 'react';

export function useBlockStrayDrops(): void {
  useEffect(() => {
    const block = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);
}
