import { useTranslation } from "react-i18next";
import { COUNTRY_NAME_MAX, OTHER_COUNTRY } from "~/domain/countries";
import { Field } from "./field";
import { SelectField } from "./select-field";

/**
 * The country of a plan: its code from the list (or "another country or territory") and the name
 * the plan shows for it, which a country without a standard name must give.
 */
export function CountryFields({
  countries,
  country,
  countryName,
  errors,
}: {
  countries: Array<{ code: string; name: string }>;
  /** "" for a new plan: the select asks for a choice. */
  country: string;
  countryName: string;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation("plans");
  return (
    <>
      <SelectField label={t("fields.country")} name="country" required error={errors.country} defaultValue={country}>
        {country === "" ? (
          <option value="" disabled>
            {t("fields.chooseCountry")}
          </option>
        ) : null}
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
        <option value={OTHER_COUNTRY}>{t("fields.otherCountry")}</option>
      </SelectField>
      <Field label={t("fields.countryName")} name="countryName" defaultValue={countryName} maxLength={COUNTRY_NAME_MAX} hint={t("fields.countryNameHint")} error={errors.countryName} />
    </>
  );
}
