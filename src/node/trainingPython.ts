// Node-only: the Python that runs the training package for tests that train or export at test time, chosen
// as scripts/test.sh chooses it: training/.venv from training/setup.sh (offline where /opt/pypi has the
// wheels), or Debian's python3 with its torch where that environment cannot be set up.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TRAINING_DIR = fileURLToPath(new URL('../../training/', import.meta.url));

export function trainingPython(): string {
  try {
    return execFileSync('bash', [`${TRAINING_DIR}setup.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').at(-1)!;
  } catch {
    return '/usr/bin/python3';
  }
}

/** Runs `python -m <module> <args>` in training/, throwing with its stderr when it fails. */
export function runTrainingModule(module: string, args: string[]): void {
  execFileSync(trainingPython(), ['-m', module, ...args], { cwd: TRAINING_DIR, stdio: 'pipe' });
}
