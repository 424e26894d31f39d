// Says at the end of a test run how many tests were skipped and why (the note each skip gave), so
// a run without ../shared/datasets/faces-v1 says what it did not test. The default export is the
// Playwright reporter; VitestSkipSummary is the same for Vitest.
import type { Reporter as PlaywrightReporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { Reporter as VitestReporter, TestModule } from 'vitest/node';

/** One line per reason: "3 tests skipped: <reason>". */
export function skipSummary(notes: (string | undefined)[]): string[] {
  const counts = new Map<string, number>();
  for (const note of notes.map((n) => n || 'no reason given')) counts.set(note, (counts.get(note) ?? 0) + 1);
  return [...counts].map(([note, n]) => `${n} ${n === 1 ? 'test' : 'tests'} skipped: ${note}`);
}

export default class PlaywrightSkipSummary implements PlaywrightReporter {
  private notes: (string | undefined)[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    // A skip's reason, or a test.fixme's (given as a 'fixme' annotation with a description).
    if (result.status === 'skipped') this.notes.push(test.annotations.find((a) => (a.type === 'skip' || a.type === 'fixme') && a.description)?.description);
  }

  onEnd(): void {
    for (const line of skipSummary(this.notes)) console.log(line);
  }

  printsToStdio(): boolean {
    return false;
  }
}

export class VitestSkipSummary implements VitestReporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const notes = modules.flatMap((m) => [...m.children.allTests('skipped')].map((t) => t.result()).map((r) => (r.state === 'skipped' ? r.note : undefined)));
    for (const line of skipSummary(notes)) console.log(line);
  }
}
