// Details of the selected photo: the input, the exact crop the model saw, the verdict, the class
// probabilities and the Fmt map.
import { useStore } from '../state/store';
import { verdictOf } from '../state/verdict';
import { classDescription, percent } from './classText';
import { FmtMapView } from './FmtMapView';
import { PixelCanvas } from './PixelCanvas';
import { ProbabilityBars } from './ProbabilityBars';
import { useObjectUrl } from './useObjectUrl';

function Original({ file, name }: { file: File; name: string }) {
  const url = useObjectUrl(file);
  return url ? <img src={url} alt={`The photo ${name}`} className="original" /> : null;
}

const kb = (n: number) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export function ResultDetail() {
  const item = useStore((s) => s.items.find((i) => i.id === s.selectedId));
  const card = useStore((s) => s.engine.card);
  if (!item) return <section className="detail empty">Select a photo to see its analysis.</section>;
  const a = item.analysis;
  const face = a?.faces[0];
  const v = face && card ? verdictOf(face.probabilities, card.classes) : null;
  return (
    <section className="detail" aria-label={`Analysis of ${item.name}`} data-testid="result-detail">
      <header>
        <h2 title={item.name}>{item.name}</h2>
        <p className="facts">
          {a ? `${a.format} · ${a.width}×${a.height} px · ` : ''}
          {kb(item.size)}
        </p>
      </header>
      {item.status === 'error' && (
        <p className="error-message" role="alert" data-testid="item-error">
          {item.error}
        </p>
      )}
      {a && a.warnings.length > 0 && (
        <ul className="warnings" data-testid="warnings">
          {a.warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      {item.status !== 'done' && item.status !== 'error' && <p className="muted">{item.status === 'cancelled' ? 'Cancelled.' : 'Waiting for analysis…'}</p>}
      {v && face && card && (
        <>
          <div className={`verdict ${v.uncertain ? 'uncertain' : v.manipulated ? 'fake' : 'real'}`} data-testid="verdict" data-verdict={v.uncertain ? 'uncertain' : v.label}>
            <strong>
              {v.uncertain ? 'Uncertain' : v.manipulated ? 'Likely manipulated' : 'Likely real'}
            </strong>
            <span>
              {v.uncertain
                ? `No class is confidently ahead; the most probable is ${v.label} at ${percent(v.probability)}.`
                : `${classDescription(v.label)} (${percent(v.probability)}).`}
            </span>
          </div>
          <ProbabilityBars probabilities={face.probabilities} classes={card.classes} />
        </>
      )}
      <div className="panels">
        {item.status !== 'error' && (
        <figure>
          <Original file={item.file} name={item.name} />
          <figcaption>Your photo{a ? ` (${a.width}×${a.height})` : ''}</figcaption>
        </figure>
        )}
        {face && (
          <figure>
            <PixelCanvas pixels={face.crop} size={face.cropSize} label="The crop the model analysed" testId="model-crop" />
            <figcaption>
              What the model saw: box {face.box.join(', ')} resized to {face.cropSize}×{face.cropSize}
            </figcaption>
          </figure>
        )}
        {face && <FmtMapView face={face} />}
      </div>
    </section>
  );
}
