// The walkthrough's steps, built from one inspect result: what each step draws, and its caption.
import type { InspectMaps } from '../shared/inspectProtocol';
import type { FmtSummary } from '../model/modelCard';
import { fmtReading } from '../model/fmtReading';
import type { ClassroomKey } from './messages';
import type { Params } from '../i18n/messages';
import { channel, fineDetail, fmtEnergy } from './measure';
import { magnitudeToRgba, rgbMagnitude, rgbToRgba, signedToRgba } from './render';

export interface StepMap {
  pixels: Uint8ClampedArray;
  size: number;
  /** What the colours mean, for the canvas's accessible name. */
  what: [ClassroomKey, Params];
  /** Short label under the map (e.g. "channel 7"). */
  label: string;
}

export interface Step {
  id: string;
  title: [ClassroomKey, Params];
  caption: [ClassroomKey, Params];
  maps: StepMap[];
  /** Draws the probability bars instead of maps. */
  probabilities?: boolean;
}

function fmtCaption(fmt: FmtSummary | undefined, energy: string): [ClassroomKey, Params] {
  const reading = fmtReading(fmt);
  if (!fmt || reading === 'unknown') return ['cap_fmt', { energy }];
  const sums = fmt.tapSums.map((x, k) => `${'RGB'[k]} ${x.toFixed(2)}`).join(', ');
  if (reading === 'residual') return ['cap_fmt_residual', { energy, sums }];
  return ['cap_fmt_picture', { energy, sums, share: `${Math.round(fmt.pictureShare * 100)} %` }];
}

const signed = (values: Float32Array, size: number, label: string): StepMap => {
  const { pixels, scale } = signedToRgba(values);
  return { pixels, size, label, what: ['colourSigned', { scale: scale.toFixed(2) }] };
};

const magnitude = (values: Float32Array, size: number, label: string): StepMap => {
  const { pixels, max } = magnitudeToRgba(values);
  return { pixels, size, label, what: ['colourMagnitude', { max: max.toFixed(2) }] };
};

/** `fmt` is the model card's measurement of what Fmt shows: the Fmt caption says it. */
export function buildSteps(m: InspectMaps, fmt?: FmtSummary): Step[] {
  const s = m.size;
  const rgb = (d: Float32Array): StepMap => ({ pixels: rgbToRgba(d), size: s, label: 'RGB', what: ['colourMagnitude', { max: 255 }] });
  const energy = fmtEnergy(m.fmt).toFixed(2);
  return [
    { id: 'input', title: ['step_input', {}], caption: ['cap_input', {}], maps: [rgb(m.input)] },
    { id: 'conv1', title: ['step_conv1', {}], caption: ['cap_conv1', {}], maps: [rgb(m.conv1)] },
    {
      id: 'fmt',
      title: ['step_fmt', {}],
      caption: fmtCaption(fmt, energy),
      maps: [
        magnitude(rgbMagnitude(m.fmt), s, '|Fmt|'),
        magnitude(rgbMagnitude(fineDetail(m.fmt, s)), s, '|Fmt − 5×5 mean|'),
        ...['R', 'G', 'B'].map((c, k) => signed(channel(m.fmt, 3, k), s, c)),
      ],
    },
    {
      id: 'freu',
      title: ['step_freu', {}],
      caption: ['cap_freu', {}],
      maps: Array.from({ length: 12 }, (_, k) => signed(channel(m.freu, 12, k), s, `${k + 1}`)),
    },
    ...m.blocks.map(
      (b): Step => ({
        id: b.name,
        title: ['step_block', { b: b.name.slice(5), depth: b.depth, size: b.size }],
        caption: b.name === 'block7' ? ['cap_block7', {}] : ['cap_block', { k: b.channels.length, depth: b.depth }],
        maps: b.channels.map((c, k) => magnitude(channel(b.data, b.channels.length, k), b.size, `#${c + 1}`)),
      }),
    ),
    { id: 'probabilities', title: ['step_probs', {}], caption: ['cap_probs', {}], maps: [], probabilities: true },
  ];
}
