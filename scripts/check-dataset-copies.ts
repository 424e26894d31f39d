// Part of `npm test`: fails when a tracked file under public/, e2e/, src/ or docs/ is a byte-for-byte
// copy of a file in the shared data sets (../shared/datasets/, config/testData.ts), so no data-set
// image comes back into the repository unnoticed: the data sets are not ours to redistribute.
// Passes, saying so, when the data sets are not beside the checkout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SHARED_DATASETS_DIR } from '../config/testData';
import { findDatasetCopies } from './lib/datasetCopies';

const CHECKED = ['public', 'e2e', 'src', 'docs'];

if (!existsSync(SHARED_DATASETS_DIR)) {
  console.log(`no data-set copies: not checked, ${SHARED_DATASETS_DIR} is not there`);
  process.exit(0);
}
let tracked: string[];
try {
  tracked = execFileSync('git', ['ls-files', '-z', '--', ...CHECKED], { encoding: 'utf8' }).split('\0').filter(Boolean);
} catch (e) {
  console.error(`check-dataset-copies needs git to list the tracked files: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
// A tracked file deleted in the working tree is not a copy here.
const { copies, datasetFiles } = findDatasetCopies(tracked.filter((f) => existsSync(f)), SHARED_DATASETS_DIR);
if (copies.length) {
  for (const c of copies) console.error(`${c.file} is a copy of ${c.copyOf.join(', ')}`);
  console.error(`${copies.length} tracked file(s) copy the data sets in ${SHARED_DATASETS_DIR}, which are not ours to redistribute: git rm them.`);
  process.exit(1);
}
console.log(`no data-set copies among ${tracked.length} tracked files under ${CHECKED.join('/, ')}/ (${datasetFiles} files in ${SHARED_DATASETS_DIR})`);
