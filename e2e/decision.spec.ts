// Issue 23: a model card with a p-manipulated `decision` makes every verdict real vs manipulated
// first: the table's chips, the details, the printable report's model card and both exports say it
// the same way, by src/analysis/verdict.ts. The test serves the app's card with a fixed decision (the
// weights are the shipped ones): the shipped card's own decision changes with every export (the pilot's
// uncertain range is [0, 1], where nothing is stated), and this is about how a decision is shown.
import { expect, test } from '@playwright/test';
import { FIXTURE_NAMES, FIXTURES, TraceLensPage } from './support/TraceLensPage';
import { verdictCode, verdictOf } from '../src/analysis/verdict';
import { parseCsvRecords } from '../src/report/parseCsv';
import type { VerdictDecision } from '../src/model/modelCard';
import { DEFAULT_MODEL_ID } from '../src/state/urlSettings';

const DECISION: VerdictDecision = { rule: 'p-manipulated', threshold: 0.62, uncertain: [0.35, 0.85], chosenOn: 'val' };
const pct = (p: number) => `${(p * 100).toFixed(1)} %`;

test.use({ serviceWorkers: 'block' });

test("with a card's p-manipulated decision, the table, details, report and exports say real or manipulated first", async ({ page }) => {
  await page.context().route(`**/models/${DEFAULT_MODEL_ID}/model-card.json`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...(await response.json()), decision: DECISION } });
  });
  const app = new TraceLensPage(page);
  // Each fixture is a face crop: analysed whole, one face a photo.
  await app.open('?faces=off');
  const files = FIXTURE_NAMES.map((f) => FIXTURES + f);
  await app.dropFiles(files);
  await app.waitFinished(files.length);

  const report = await app.exportJson();
  expect(report.model.decision).toEqual(DECISION);
  const classes = report.model.classes;
  const seen = new Set<string>();
  for (const item of report.items) {
    const face = item.faces[0];
    const p = classes.map((c) => face.probabilities[c]);
    const v = verdictOf(p, classes, DECISION);
    seen.add(verdictCode(v));
    expect(face.verdict, item.file).toBe(verdictCode(v));
    expect(face.label, item.file).toBe(v.label);
    expect(face.pManipulated!, item.file).toBeCloseTo(1 - face.probabilities.real, 12);
    // The chip: a ✕ and "Manipulated (kind)" with P(manipulated), a ✓ and "real" with P(real), or a ? naming the side it leans to.
    const chip = page.locator(`[data-testid="result-row"][data-name="${item.file}"] .chip`);
    const expected = v.uncertain
      ? `? Uncertain (${v.label}?) · ${pct(v.probability)}` // the side it leans to: real, or the kind
      : v.manipulated
        ? `✕ Manipulated (${v.label}) · ${pct(v.probability)}`
        : `✓ real · ${pct(v.probability)}`;
    await expect(chip, item.file).toHaveText(expected);
  }
  // The shipped model on these real faces gives more than one kind of verdict under this decision.
  expect(seen.size).toBeGreaterThan(1);

  // The details of a face called (or leaning) manipulated: the headline, then the kind it looks most like.
  const fake = report.items.find((i) => i.faces[0].verdict.includes('manipulated'))!;
  await app.select(fake.file);
  const verdict = page.getByTestId('verdict');
  const pm = pct(fake.faces[0].pManipulated!);
  if (fake.faces[0].uncertain) {
    await expect(verdict.locator('strong')).toHaveText('Uncertain');
    await expect(verdict).toContainText(`The probability of manipulation, ${pm}, is in the range where this model is unsure (35.0 % to 85.0 %); it leans towards manipulated, most like`);
  } else {
    await expect(verdict.locator('strong')).toHaveText('Likely manipulated');
    await expect(verdict).toContainText(`Looks most like`);
    await expect(verdict).toContainText(`probability of manipulation ${pm}.`);
  }

  // The CSV: P(manipulated) and the verdict token beside each face's class probabilities.
  const csv = parseCsvRecords(await app.exportCsv());
  for (const item of report.items) {
    const row = csv.find((r) => r.file === item.file)!;
    expect(row.verdict).toBe(item.faces[0].verdict);
    expect(Number(row.p_manipulated)).toBeCloseTo(item.faces[0].pManipulated!, 9);
  }

  // The printable report's model card says how the verdict is decided.
  await page.getByRole('button', { name: 'Printable report' }).click();
  await expect(page.getByTestId('model-card-decision')).toHaveText(
    'A face is called manipulated when its probability of manipulation (1 − P(real)) reaches 85.0 %, and real below 35.0 %; in between the verdict is "uncertain", leaning manipulated from 62.0 %. The kind of manipulation named is the class the face looks most like. These thresholds were chosen on the val split.',
  );
  await expect(page.getByTestId('model-card-band')).toHaveCount(0);
});
