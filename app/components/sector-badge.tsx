import { useTranslation } from "react-i18next";
import type { Sector } from "~/domain/sectors";

/** A sector's name with its colour swatch: the colour never stands alone. */
export function SectorBadge({ sector }: { sector: Sector | string }) {
  const { t } = useTranslation();
  return (
    <span className={`sector-badge sector-${sector}`}>
      <span className="sector-swatch" aria-hidden="true" />
      {t(`sectors.${sector}`)}
    </span>
  );
}
