// What the classroom shows of training/RESULTS.md: its first table (the shipped models), and the
// paper's comparison that `python -m tracelens_train.compare table --write` puts between the markers
// <!-- compare:begin ... --> and <!-- compare:end -->: the results table, then "AMTENnet against each row:"
// with the differences and the pooled seed spread, then "Runs:" and the run list.
import { parseMarkdownTables, type MarkdownTable } from './markdownTable.ts';

export interface ComparisonSection {
  /** One row per model with a finished run; null (or no rows) while no run has finished. */
  table: MarkdownTable | null;
  /** AMTENnet minus each other row, with 95 % intervals; null until AMTENnet has a finished run. */
  differences: MarkdownTable | null;
  /** The sentence under the differences: the seed-to-seed spread they rest on. */
  differencesNote: string | null;
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
const DIFFERENCES = /^AMTENnet against each row:\s*$/m;
const NOTE = /^Seed-to-seed .*$/m;

/** The comparison section (null without markers) and the first table outside it. */
function splitResults(md: string): { m: RegExpExecArray | null; shipped: MarkdownTable | null } {
  const m = SECTION.exec(md);
  const outside = m ? md.slice(0, m.index) + md.slice(m.index + m[0].length) : md;
  return { m, shipped: parseMarkdownTables(outside)[0] ?? null };
}

export function readResults(md: string): ResultsMd {
  const { m, shipped } = splitResults(md);
  if (!m) return { shipped, comparison: null };
  const runsAt = m[1].search(RUNS);
  const [results, runs] = runsAt < 0 ? [m[1], ''] : [m[1].slice(0, runsAt), m[1].slice(runsAt)];
  const diffAt = results.search(DIFFERENCES);
  const [table, diffs] = diffAt < 0 ? [results, ''] : [results.slice(0, diffAt), results.slice(diffAt)];
  return {
    shipped,
    comparison: {
      table: parseMarkdownTables(table)[0] ?? null,
      differences: parseMarkdownTables(diffs)[0] ?? null,
      differencesNote: NOTE.exec(diffs)?.[0] ?? null,
      runs: parseMarkdownTables(runs)[0] ?? null,
    },
  };
}

/** A table written back as markdown that parseMarkdownTables reads as the same table (its heading too). */
function tableMarkdown(t: MarkdownTable): string {
  const row = (cs: string[]) => `| ${cs.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const delimiter = t.align.map((a) => (a === 'center' ? ':---:' : a === 'right' ? '---:' : a === 'left' ? ':---' : '---'));
  return [t.title ? `## ${t.title}` : '', row(t.header), `| ${delimiter.join(' | ')} |`, ...t.rows.map(row)].join('\n');
}

/**
 * Only what readResults reads of RESULTS.md (the first table outside the comparison, and the comparison),
 * as markdown: readResults(classroomPart(md)) equals readResults(md). The build ships this part
 * (config/resultsPlugin.ts), not the whole file, which grows with every experiment.
 */
export function classroomPart(md: string): string {
  const { m, shipped } = splitResults(md);
  return [shipped ? tableMarkdown(shipped) : '', m ? m[0] : ''].join('\n\n');
}
