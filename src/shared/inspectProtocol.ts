// Messages for the classroom: "inspect" runs one photo (optionally degraded by the what-if lab)
// through a model and returns its intermediate maps; "jpeg-sweep" returns the probabilities at
// several JPEG qualities. Types only: page and worker both import it.
import type { ModelCard } from '../model/modelCard';
import type { WhatIf } from '../crop/whatIf';

/** Some channels of one feature map, HWC: data[(y * size + x) * channels.length + k]. */
export interface ChannelMaps {
  name: 'block4' | 'block5' | 'block6' | 'block7';
  size: number;
  /** Total channels of the layer. */
  depth: number;
  /** Which channels were kept: the most varied over the image. */
  channels: number[];
  data: Float32Array;
}

export interface InspectMaps {
  size: number;
  /** HWC float, size*size*3: the network's input I (0..255). */
  input: Float32Array;
  /** Conv1(I), HWC, 3 channels. */
  conv1: Float32Array;
  /** Fmt = Conv1(I) - I, HWC, 3 channels. */
  fmt: Float32Array;
  /** Freu, HWC, 12 channels: conv3_2 (6), conv2_2 (3), Fmt (3). */
  freu: Float32Array;
  blocks: ChannelMaps[];
}

export interface InspectResult {
  card: ModelCard;
  probabilities: number[];
  /** The crop as RGBA bytes, after the what-if changes. */
  preview: Uint8ClampedArray;
  /** Null for the probabilities-only gallery requests and for models without an AMTEN module. */
  maps: InspectMaps | null;
}

export type InspectCall =
  | {
      kind: 'inspect';
      /** Names the photo across requests, so moving a slider does not decode it again. */
      fileKey: string;
      file: Blob;
      whatIf: WhatIf;
      withMaps: boolean;
      /** Another model folder (a baseline); the loaded model when absent. */
      modelUrl?: string;
    }
  | { kind: 'jpeg-sweep'; fileKey: string; file: Blob; whatIf: WhatIf; qualities: number[] };

/** The loaded model's probabilities at each of the sweep's JPEG qualities. */
export interface JpegSweepResult {
  probabilities: number[][];
  card: ModelCard;
}

/** Buffers moved (not copied) to the page with an inspect result. */
export function inspectTransferables(r: InspectResult): Transferable[] {
  const m = r.maps;
  const maps = m ? [m.input, m.conv1, m.fmt, m.freu, ...m.blocks.map((b) => b.data)] : [];
  return [r.preview, ...maps].map((a) => a.buffer as ArrayBuffer);
}
