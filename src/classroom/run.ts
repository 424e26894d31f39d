// The classroom's way to the model: each photo's bytes read once (a gallery file fetched, the
// person's file as it is), sent to the analysis worker's inspect calls, latest-wins hooks so a
// dragged slider never queues up stale runs.
import { useEffect, useRef, useState } from 'react';
import { inspect, jpegSweep } from '../state/pageEngine';
import type { InspectCall, InspectResult, JpegSweepResult } from '../shared/inspectProtocol';
import type { ClassroomFace } from './faces';
import { parseGalleryIndex, type GalleryIndex } from './gallery';
import { localizedError, type Localized } from '../i18n/localized';

const base = import.meta.env.BASE_URL;
export const galleryUrl = (file: string) => `${base}gallery/${file}`;

/** The build's gallery index is there but cannot be read (the classroom says so in its own words). */
export class DamagedGallery extends Error {}

/** The build's gallery, or null when this build has none (it was built without faces-v1 beside it). */
export async function loadGallery(): Promise<GalleryIndex | null> {
  const res = await fetch(`${base}gallery/index.json`);
  // A file the build lacks is a 404, or the app's own page from a server that falls back to it.
  if (res.status === 404 || (res.ok && !(res.headers.get('content-type') ?? '').includes('json'))) return null;
  if (!res.ok) throw new Error(`gallery/index.json: HTTP ${res.status}`);
  try {
    return parseGalleryIndex(await res.json());
  } catch (e) {
    throw new DamagedGallery(e instanceof Error ? e.message : String(e));
  }
}

const fetched = new Map<string, Promise<Blob>>();
function faceBlob(face: ClassroomFace): Promise<Blob> {
  if (face.file) return Promise.resolve(face.file);
  let b = fetched.get(face.url);
  if (!b) {
    b = fetch(face.url).then((r) => {
      if (!r.ok) throw new Error(`${face.url}: HTTP ${r.status}`);
      return r.blob();
    });
    b.catch(() => fetched.delete(face.url));
    fetched.set(face.url, b);
  }
  return b;
}

type DistributiveOmitFile<T> = T extends unknown ? Omit<T, 'file' | 'fileKey'> : never;
type Call<K extends InspectCall['kind']> = DistributiveOmitFile<Extract<InspectCall, { kind: K }>>;

/** The last maps the walkthrough or lab drew: the end-to-end tests read the raw numbers here. */
export const lastRun: { result: InspectResult | null } = { result: null };
(window as unknown as { tracelensClassroom: typeof lastRun }).tracelensClassroom = lastRun;

export interface RunState<T> {
  value: T | null;
  /** The request key the shown value answers. */
  key: string | null;
  busy: boolean;
  /** Why the last run failed, said by the page in its language (the classroom's t fills it into runFailed). */
  error: Localized | null;
}

/**
 * Runs `request` for `key` whenever the key changes; while one run is in flight, later keys wait
 * and only the newest one runs next.
 */
export function useLatestRun<T>(key: string | null, request: (key: string) => Promise<T>): RunState<T> {
  const [state, setState] = useState<RunState<T>>({ value: null, key: null, busy: false, error: null });
  const latest = useRef(key);
  const running = useRef(false);
  const alive = useRef(true);
  const req = useRef(request);
  latest.current = key;
  req.current = request;
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (key === null || running.current) return;
    running.current = true;
    setState((s) => ({ ...s, busy: true }));
    void (async () => {
      let k = key;
      for (;;) {
        try {
          const value = await req.current(k);
          if (alive.current) setState({ value, key: k, busy: latest.current !== k, error: null });
        } catch (e) {
          if (alive.current) setState((s) => ({ ...s, key: k, busy: latest.current !== k, error: localizedError(e) }));
        }
        if (!alive.current || latest.current === k || latest.current === null) break;
        k = latest.current;
      }
      running.current = false;
    })();
  }, [key]);
  return state;
}

export async function runInspect(face: ClassroomFace, call: Call<'inspect'>): Promise<InspectResult> {
  const result = await inspect({ ...call, file: await faceBlob(face), fileKey: face.key });
  if (result.maps) lastRun.result = result;
  return result;
}

export async function runSweep(face: ClassroomFace, call: Call<'jpeg-sweep'>): Promise<JpegSweepResult> {
  return jpegSweep({ ...call, file: await faceBlob(face), fileKey: face.key });
}
