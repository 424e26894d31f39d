// Reads the first GitHub-style table out of a markdown text (training/RESULTS.md), so the app
// can show it as a real <table>. Inline code and emphasis markers are stripped; escaped pipes kept.

export interface MarkdownTable {
  /** The heading just above the table, if any. */
  title: string | null;
  header: string[];
  align: ('left' | 'right' | 'center' | null)[];
  rows: string[][];
}

function cells(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return s
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|').replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]+)\*\*/g, '$1').replace(/(^|\W)_([^_]+)_(?=\W|$)/g, '$1$2'));
}

const DELIMITER = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Every table in the text, in order. */
export function parseMarkdownTables(md: string): MarkdownTable[] {
  const lines = md.split(/\r?\n/);
  const tables: MarkdownTable[] = [];
  let title: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (heading) title = heading[1].trim();
    if (!lines[i].includes('|') || i + 1 >= lines.length || !DELIMITER.test(lines[i + 1])) continue;
    const header = cells(lines[i]);
    const align = cells(lines[i + 1]).map((d) =>
      d.startsWith(':') && d.endsWith(':') ? 'center' : d.endsWith(':') ? 'right' : d.startsWith(':') ? 'left' : null,
    );
    if (align.length !== header.length) continue;
    const rows: string[][] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j].includes('|') && lines[j].trim() !== ''; j++) {
      const r = cells(lines[j]);
      rows.push(header.map((_, k) => r[k] ?? ''));
    }
    tables.push({ title, header, align, rows });
    i = j - 1;
  }
  return tables;
}
