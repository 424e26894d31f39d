import { describe, expect, it } from 'vitest';
import { classroomPart, readResults } from './resultsMd';

const BEGIN = '<!-- compare:begin (written by python -m tracelens_train.compare table --write) -->';
const END = '<!-- compare:end -->';

// The head of the file, and a section as training/tracelens_train/compare.py's table() and run_list() print it.
const head = `# Results on faces-v1 (test split)

| model | architecture | accuracy |
|---|---|---|
| \`amtennet-faces-v1\` 1.0.0 (shipped) | AMTENnet | 0.720 |

## The paper's comparison on faces-v1 (issue 12)
Produced by \`python -m tracelens_train.compare run\`.

`;
const HEADER =
  '| model | seeds | accuracy | balanced accuracy | binary accuracy | real recall | ECE | balanced accuracy, JPEG-75 | binary stargan-celeba | binary stylegan3 | binary ciplab | binary dfdc | parameters | multiply-adds / face |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';
const RUN_HEADER = '| run | architecture | seed | started at commit | state | minutes | best epoch (val balanced) |\n|---|---|---|---|---|---|---|';
const section = `${HEADER}
| AMTENnet | 0, 1 | 0.715 ± 0.007 | 0.765 ± 0.007 | 0.735 ± 0.007 | 0.615 ± 0.007 | 0.030 ± 0.000 | 0.755 ± 0.007 | 0.785 ± 0.007 | 0.785 ± 0.007 | 0.785 ± 0.007 | 0.785 ± 0.007 | 2,023,649 | 123.8 M |
| SRM hybrid (Zhou et al.) | 0 | 0.700 | 0.750 | 0.720 | 0.600 | 0.030 | 0.740 | 0.800 | 0.800 | 0.800 | 0.800 | 2,020,796 | 81.0 M |

AMTENnet against each row:

| AMTENnet minus | seeds (AMTENnet / row) | balanced accuracy, points (95 % interval) |
|---|---|---|
| SRM hybrid (Zhou et al.) | 2 / 1 | +1.5 (±2.2): no difference shown |

Seed-to-seed standard deviation, pooled over the rows with several seeds: balanced accuracy 0.7 points (1 degrees of freedom).

Runs:

${RUN_HEADER}
| \`model-base-s0\` | model-base | 0 | a9b8115 | done | 95 | 9 (0.742) |
| \`amtennet-s0\` | amtennet | 0 | a9b8115 | cut off after epoch 4 of 10: resume | — | — |
| \`srm-hybrid-s0\` | srm-hybrid | 0 | — | to run | — | — |`;
const tail = `\n\n## Targets of issue 11\n| target | 1.0.0 |\n|---|---|\n| x | y |\n`;
const file = (between: string) => `${head}${BEGIN}\n${between}\n${END}${tail}`;

describe('readResults', () => {
  it('reads the comparison table and the run list between the markers, and the first table outside them', () => {
    const r = readResults(file(section));
    expect(r.shipped?.header).toEqual(['model', 'architecture', 'accuracy']);
    expect(r.shipped?.rows).toEqual([['amtennet-faces-v1 1.0.0 (shipped)', 'AMTENnet', '0.720']]);
    const t = r.comparison!.table!;
    expect(t.header).toHaveLength(14);
    expect(t.header.slice(-2)).toEqual(['parameters', 'multiply-adds / face']);
    expect(t.rows.map((row) => row[0])).toEqual(['AMTENnet', 'SRM hybrid (Zhou et al.)']);
    expect(t.rows[0][3]).toBe('0.765 ± 0.007');
    expect(t.rows[1].slice(-2)).toEqual(['2,020,796', '81.0 M']);
    expect(r.comparison!.differences!.rows).toEqual([['SRM hybrid (Zhou et al.)', '2 / 1', '+1.5 (±2.2): no difference shown']]);
    expect(r.comparison!.differencesNote).toMatch(/^Seed-to-seed standard deviation, pooled .* 0\.7 points/);
    const runs = r.comparison!.runs!;
    expect(runs.header[0]).toBe('run');
    expect(runs.rows.map((row) => [row[0], row[4]])).toEqual([
      ['model-base-s0', 'done'],
      ['amtennet-s0', 'cut off after epoch 4 of 10: resume'],
      ['srm-hybrid-s0', 'to run'],
    ]);
  });

  it('before any run has finished: no table, or a table without rows, and the run list', () => {
    const none = readResults(file('(no run has finished yet)'));
    expect(none.comparison).toEqual({ table: null, differences: null, differencesNote: null, runs: null });
    expect(none.shipped?.rows).toHaveLength(1);
    const empty = readResults(file(`${HEADER}\n\nRuns:\n\n${RUN_HEADER}\n| \`model-base-s0\` | model-base | 0 | — | to run | — | — |`));
    expect(empty.comparison!.table!.rows).toEqual([]);
    expect(empty.comparison!.runs!.rows).toHaveLength(1);
    expect(empty.comparison!.differences).toBeNull();
  });

  it('without the markers there is no comparison, and the first table is the shipped models', () => {
    const r = readResults(head + tail);
    expect(r.comparison).toBeNull();
    expect(r.shipped?.header[0]).toBe('model');
  });

  it('reads the repository training/RESULTS.md', async () => {
    const { readFileSync } = await import('node:fs');
    const r = readResults(readFileSync(new URL('../../training/RESULTS.md', import.meta.url), 'utf8'));
    expect(r.shipped?.header[0]).toBe('model');
    expect(r.comparison).not.toBeNull();
  });

  it('the part the build ships (classroomPart) reads the same as the whole file, and is smaller', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../training/RESULTS.md', import.meta.url), 'utf8');
    for (const text of [md, file('(no run has finished yet)'), head + tail, 'no table at all']) {
      expect(readResults(classroomPart(text))).toEqual(readResults(text));
    }
    // An escaped pipe, alignment and emphasis survive being written back.
    const tricky = '## T\n\n| a \\| b | **c** |\n|:---|---:|\n| `x` | _y_ |\n';
    expect(readResults(classroomPart(tricky))).toEqual(readResults(tricky));
    expect(classroomPart(md).length).toBeLessThan(md.length / 2);
  });
});
