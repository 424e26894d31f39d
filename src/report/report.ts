// The exported JSON report: its types are the file format other tools read, so they are spelled
// out here and built from store data by one pure function.
import type { ModelCard } from '../model/modelCard';
import type { BackendName, Box, ImageAnalysis } from '../worker/protocol';
import { verdictOf } from '../state/verdict';

export interface ReportFace {
  box: Box;
  probabilities: Record<string, number>;
  /** The most probable class. */
  label: string;
  /** True when no class is confidently ahead (see verdict.ts). */
  uncertain: boolean;
}

export interface ReportItem {
  file: string;
  status: 'done' | 'error';
  error: string | null;
  width: number | null;
  height: number | null;
  format: string | null;
  warnings: string[];
  faces: ReportFace[];
}

export interface Report {
  tool: 'tracelens';
  version: string;
  createdAt: string;
  model: { id: string; version: string; classes: string[]; inputSize: number };
  backend: BackendName;
  items: ReportItem[];
}

/** What the report needs to know of one queued file. */
export interface ReportSource {
  file: string;
  status: 'queued' | 'analysing' | 'done' | 'error' | 'cancelled';
  error?: string;
  analysis?: ImageAnalysis;
}

function notAnalysed(status: ReportSource['status']): string {
  if (status === 'cancelled') return 'Not analysed: the batch was cancelled.';
  return 'Not analysed yet: still in the queue when the report was exported.';
}

export function buildReport(args: {
  version: string;
  card: ModelCard;
  backend: BackendName;
  sources: ReportSource[];
  now?: Date;
}): Report {
  const { card } = args;
  return {
    tool: 'tracelens',
    version: args.version,
    createdAt: (args.now ?? new Date()).toISOString(),
    model: { id: card.id, version: card.version, classes: [...card.classes], inputSize: card.inputSize },
    backend: args.backend,
    items: args.sources.map((s): ReportItem => {
      const a = s.status === 'done' ? s.analysis : undefined;
      if (!a)
        return {
          file: s.file,
          status: 'error',
          error: s.status === 'error' ? (s.error ?? 'Unknown error') : notAnalysed(s.status),
          width: null,
          height: null,
          format: null,
          warnings: [],
          faces: [],
        };
      return {
        file: s.file,
        status: 'done',
        error: null,
        width: a.width,
        height: a.height,
        format: a.format,
        warnings: a.warnings,
        faces: a.faces.map((f) => {
          const v = verdictOf(f.probabilities, card.classes);
          return {
            box: f.box,
            probabilities: Object.fromEntries(card.classes.map((c, i) => [c, f.probabilities[i]])),
            label: v.label,
            uncertain: v.uncertain,
          };
        }),
      };
    }),
  };
}

export function reportFileName(now = new Date()): string {
  return `tracelens-report-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
}
