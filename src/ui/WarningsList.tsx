// The reliability warnings of a photo or a clip (re-compressed, upscaled, tiny face…), the same list in both details.
import type { Localized } from '../i18n/localized';
import { useT } from './useT';

export function WarningsList({ warnings }: { warnings: readonly Localized[] }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <ul className="warnings" data-testid="warnings">
      {warnings.map((w) => (
        <li key={w.key}>
          <span aria-hidden="true">⚠ </span>
          {t(w)}
        </li>
      ))}
    </ul>
  );
}
