// The classroom shows two parts of training/RESULTS.md: the shipped models' table and the paper's
// comparison. `import ... from 'training/RESULTS.md?classroom'` gives only those parts (classroomPart), so
// the rest of the file, which grows with every experiment, is not shipped in the app's JavaScript.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { classroomPart } from '../src/classroom/resultsMd.ts';

export function resultsPlugin(): Plugin {
  return {
    name: 'tracelens-results-md',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?');
      if (query !== 'classroom' || !file.endsWith('/training/RESULTS.md')) return null;
      this.addWatchFile(file);
      return `export default ${JSON.stringify(classroomPart(readFileSync(file, 'utf8')))};`;
    },
  };
}
