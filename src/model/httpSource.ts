// Reads model files over HTTP (page or worker) and reports download progress of the shards.
import type { ModelSource } from './weights';

export type ProgressListener = (loadedBytes: number, totalBytes: number) => void;

export function httpModelSource(baseUrl: string, onProgress?: ProgressListener): ModelSource {
  const url = (path: string) => new URL(path, new URL(baseUrl, self.location.href)).href;
  const progress = new Map<string, { loaded: number; total: number }>();
  const report = () => {
    if (!onProgress) return;
    let loaded = 0;
    let total = 0;
    for (const p of progress.values()) {
      loaded += p.loaded;
      total += p.total;
    }
    onProgress(loaded, total);
  };
  const get = async (path: string): Promise<Response> => {
    const res = await fetch(url(path));
    if (!res.ok) throw new Error(`Could not load the model file ${path} (HTTP ${res.status}).`);
    return res;
  };
  return {
    async readJson(path) {
      return (await get(path)).json() as Promise<unknown>;
    },
    async readBinary(path) {
      const res = await get(path);
      const total = Number(res.headers.get('content-length') ?? 0);
      if (!res.body || !total) return res.arrayBuffer();
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.byteLength;
        progress.set(path, { loaded, total });
        report();
      }
      const out = new Uint8Array(loaded);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.byteLength;
      }
      return out.buffer;
    },
  };
}
