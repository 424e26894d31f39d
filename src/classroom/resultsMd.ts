// What the classroom shows of training/RESULTS.md: its first table (the shipped models), and the
// paper's comparison that `python -m tracelens_train.compare table --write` puts between the markers
// <!-- compare:begin ... --> and <!-- compare:end -->: the results table, then "Runs:" and the run list.
import { parseMarkdownTables, type MarkdownTable } from './markdownTable';

export interface ComparisonSection {
  /** One row per model with a finished run; null (or no rows) while no run has finished. */
  table: MarkdownTable | null;
  /** Every planned run and its state; null when the section has none. */
  runs: MarkdownTable | null;
}

export interface ResultsMd {
  /** The first table outside the comparison section. */
  shipped: MarkdownTable | null;
  /** Null when the file has no comparison markers. */
  comparison: ComparisonSection | null;
}

const SECTION = /<!--\s*compare:begin\b[^>]*-->([\s\S]*?)<!--\s*compare:end\s*-->/;
const RUNS = /^Runs:\s*$/m;

export function readResults(md: string): ResultsMd {
  const m = SECTION.exec(md);
  const outside = m ? md.slice(0, m.index) + md.slice(m.index + m[0].length) : md;
  const shipped = parseMarkdownTables(outside)[0] ?? null;
  if (!m) return { shipped, comparison: null };
  const runsAt = m[1].search(RUNS);
  const [results, runs] = runsAt < 0 ? [m[1], ''] : [m[1].slice(0, runsAt), m[1].slice(runsAt)];
  return {
    shipped,
    comparison: { table: parseMarkdownTables(results)[0] ?? null, runs: parseMarkdownTables(runs)[0] ?? null },
  };
}
