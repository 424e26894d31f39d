import { describe, expect, it } from 'vitest';
import { parseMarkdownTables } from './markdownTable';

const md = `# Results

Some text | with a pipe but no table.

## Test split (2,884 faces)

| model | accuracy | balanced | note |
|:---|---:|:---:|---|
| **AMTENnet** | 0.637 | 0.683 | \`amtennet-faces-v1\` |
| Model-base | 0.610 | 0.655 | a \\| b |
| short row | 1 |

After.

| a | b |
| --- | --- |
| 1 | 2 |
`;

describe('parseMarkdownTables', () => {
  it('reads header, alignment, rows and the heading above', () => {
    const [t, second] = parseMarkdownTables(md);
    expect(t.title).toBe('Test split (2,884 faces)');
    expect(t.header).toEqual(['model', 'accuracy', 'balanced', 'note']);
    expect(t.align).toEqual(['left', 'right', 'center', null]);
    expect(t.rows).toEqual([
      ['AMTENnet', '0.637', '0.683', 'amtennet-faces-v1'],
      ['Model-base', '0.610', '0.655', 'a | b'],
      ['short row', '1', '', ''],
    ]);
    expect(second.rows).toEqual([['1', '2']]);
  });

  it('finds nothing in text without a delimiter row', () => {
    expect(parseMarkdownTables('a | b\nc | d\n')).toEqual([]);
  });
});
