// An object URL for a blob that lives exactly as long as the component showing it, so only
// the photos on screen hold one and none outlives "Clear all".
import { useEffect, useState } from 'react';

export function useObjectUrl(blob: Blob): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}
