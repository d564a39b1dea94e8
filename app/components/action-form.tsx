import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ACTION_STATUSES } from "~/domain/actions";
import { Field, FormError } from "./field";
import { SelectField, TextAreaField } from "./select-field";

/** The values an action form starts from (strings, as the inputs hold them). */
export interface ActionFormValues {
  ref: string;
  title: string;
  objective: string;
  capabilities: string[];
  organisationId: string;
  assigneeId: string;
  partners: string[];
  startDate: string;
  dueDate: string;
  ongoing: boolean;
  status: string;
  progress: string;
  weight: string;
  noCost: boolean;
  budgetAmount: string;
  budgetCurrency: string;
  budgetSource: string;
  scope: string;
  risks: string;
  indicators: Array<{ id: string; name: string; unit: string; baseline: string; target: string; current: string; source: string }>;
}

export interface ActionFormOptions {
  domains: Array<{ id: string; number: number; name: string; capabilities: Array<{ id: string; number: number; name: string }> }>;
  /** Organisations the member may make lead (the policy decided on the server). */
  leadOrganisations: Array<{ id: string; name: string; sector: string }>;
  organisations: Array<{ id: string; name: string; sector: string }>;
  members: Array<{ id: string; name: string; organisationId: string }>;
  /** Whether the member may choose the assignee (action.assign). */
  canAssign: boolean;
}

export const EMPTY_ACTION: ActionFormValues = {
  ref: "",
  title: "",
  objective: "",
  capabilities: [],
  organisationId: "",
  assigneeId: "",
  partners: [],
  startDate: "",
  dueDate: "",
  ongoing: false,
  status: "not-started",
  progress: "0",
  weight: "1",
  noCost: false,
  budgetAmount: "",
  budgetCurrency: "",
  budgetSource: "",
  scope: "",
  risks: "",
  indicators: [],
};

/**
 * The new-action and edit-action form. Uncontrolled inputs with `defaultValue`: the values it
 * starts from are fixed by the parent when the form opens, so a live reload of the page never
 * changes what the user is editing.
 */
export function ActionForm({
  mode,
  values,
  options,
  errors,
  version,
  busy,
  intent,
  onCancel,
}: {
  mode: "create" | "edit";
  values: ActionFormValues;
  options: ActionFormOptions;
  errors: Record<string, string | undefined>;
  version?: number;
  busy: boolean;
  intent?: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation("actions");
  const [organisationId, setOrganisationId] = useState(values.organisationId);
  const [noCost, setNoCost] = useState(values.noCost);
  const [indicatorRows, setIndicatorRows] = useState(() => [...values.indicators, ...(values.indicators.length === 0 ? [{ id: "", name: "", unit: "", baseline: "", target: "", current: "", source: "" }] : [])]);
  const members = options.members.filter((m) => !organisationId || m.organisationId === organisationId);

  return (
    <Form method="post" noValidate className="action-form" aria-label={mode === "create" ? t("form.createTitle") : t("form.edit")}>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <FormError error={errors._form} />
      <div className="form-grid">
        <Field label={t("fields.ref")} name="ref" defaultValue={values.ref} hint={t("hints.ref")} error={errors.ref} maxLength={20} autoComplete="off" />
        <Field label={t("fields.title")} name="title" defaultValue={values.title} required error={errors.title} maxLength={300} />
      </div>
      <TextAreaField label={t("fields.objective")} name="objective" defaultValue={values.objective} rows={2} error={errors.objective} maxLength={4000} />

      <fieldset className="capability-picker" aria-describedby={errors.capabilities ? "capabilities-error" : undefined} aria-invalid={errors.capabilities ? true : undefined}>
        <legend>{t("fields.capabilities")}</legend>
        {errors.capabilities ? (
          <p className="field-error" id="capabilities-error">
            {t(errors.capabilities)}
          </p>
        ) : null}
        <div className="capability-columns">
          {options.domains.map((d) => (
            <div key={d.id} className="capability-domain">
              <p className="capability-domain-name">{d.name}</p>
              {d.capabilities.map((c) => (
                <label key={c.id} className="check">
                  <input type="checkbox" name="capabilities" value={c.id} defaultChecked={values.capabilities.includes(c.id)} />
                  {c.number}. {c.name}
                </label>
              ))}
            </div>
          ))}
        </div>
      </fieldset>

      <div className="form-grid">
        <SelectField
          label={t("fields.organisationId")}
          name="organisationId"
          value={organisationId}
          onChange={(e) => setOrganisationId(e.target.value)}
          required
          error={errors.organisationId}
        >
          <option value="">{t("form.chooseOrganisation")}</option>
          {options.leadOrganisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({t(`common:sectors.${o.sector}`)})
            </option>
          ))}
        </SelectField>
        {options.canAssign ? (
          <SelectField label={t("fields.assigneeId")} name="assigneeId" defaultValue={values.assigneeId} hint={t("hints.assignee")} error={errors.assigneeId} key={organisationId}>
            <option value="">{t("form.noneAssignee")}</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <input type="hidden" name="assigneeId" value={values.assigneeId} />
        )}
      </div>

      <fieldset className="partner-picker">
        <legend>{t("fields.partners")}</legend>
        {errors.partners ? <p className="field-error">{t(errors.partners)}</p> : null}
        <div className="partner-columns">
          {options.organisations
            .filter((o) => o.id !== organisationId)
            .map((o) => (
              <label key={o.id} className="check">
                <input type="checkbox" name="partners" value={o.id} defaultChecked={values.partners.includes(o.id)} />
                {o.name}
              </label>
            ))}
        </div>
      </fieldset>

      <div className="form-grid">
        <Field label={t("fields.startDate")} name="startDate" type="date" defaultValue={values.startDate} error={errors.startDate} />
        <Field label={t("fields.dueDate")} name="dueDate" type="date" defaultValue={values.dueDate} error={errors.dueDate} />
        <label className="check check-field">
          <input type="checkbox" name="ongoing" defaultChecked={values.ongoing} />
          {t("fields.ongoing")}
        </label>
      </div>

      {mode === "create" ? (
        <div className="form-grid">
          <SelectField label={t("fields.status")} name="status" defaultValue={values.status} error={errors.status}>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </SelectField>
          <Field label={t("fields.progress")} name="progress" type="number" min={0} max={100} inputMode="numeric" defaultValue={values.progress} error={errors.progress} />
        </div>
      ) : null}

      <fieldset className="budget">
        <legend>{t("fields.budget")}</legend>
        <label className="check">
          <input type="checkbox" name="noCost" checked={noCost} onChange={(e) => setNoCost(e.target.checked)} />
          {t("fields.noCost")}
        </label>
        {noCost ? null : (
          <div className="form-grid">
            <Field label={t("fields.budgetAmount")} name="budgetAmount" inputMode="decimal" defaultValue={values.budgetAmount} error={errors.budgetAmount} />
            <Field label={t("fields.budgetCurrency")} name="budgetCurrency" defaultValue={values.budgetCurrency} error={errors.budgetCurrency} maxLength={3} autoComplete="off" />
            <Field label={t("fields.budgetSource")} name="budgetSource" defaultValue={values.budgetSource} error={errors.budgetSource} maxLength={200} />
          </div>
        )}
      </fieldset>

      <div className="form-grid">
        <TextAreaField label={t("fields.scope")} name="scope" defaultValue={values.scope} rows={2} error={errors.scope} />
        <TextAreaField label={t("fields.risks")} name="risks" defaultValue={values.risks} rows={2} error={errors.risks} />
        <Field label={t("fields.weight")} name="weight" type="number" min={0} max={100} inputMode="numeric" defaultValue={values.weight} error={errors.weight} />
      </div>

      <fieldset className="indicators">
        <legend>{t("fields.indicators")}</legend>
        {errors.indicators ? <p className="field-error">{t(errors.indicators)}</p> : null}
        <table className="table indicator-table">
          <thead>
            <tr>
              <th scope="col">{t("fields.indicatorName")}</th>
              <th scope="col">{t("fields.indicatorUnit")}</th>
              <th scope="col">{t("fields.indicatorBaseline")}</th>
              <th scope="col">{t("fields.indicatorTarget")}</th>
              {mode === "create" ? <th scope="col">{t("fields.indicatorCurrent")}</th> : null}
              <th scope="col">{t("fields.indicatorSource")}</th>
            </tr>
          </thead>
          <tbody>
            {indicatorRows.map((row, i) => {
              const err = (k: string) => errors[`indicators.${i}.${k}`];
              const cell = (k: "name" | "unit" | "baseline" | "target" | "current" | "source", name: string, label: string, numeric = false) => (
                <td>
                  <input
                    name={name}
                    aria-label={`${label} ${i + 1}`}
                    defaultValue={row[k]}
                    inputMode={numeric ? "decimal" : undefined}
                    aria-invalid={err(k === "current" ? "current" : k) ? true : undefined}
                    title={err(k) ? t(err(k)!) : undefined}
                  />
                  {err(k) ? <span className="field-error">{t(err(k)!)}</span> : null}
                </td>
              );
              return (
                <tr key={i}>
                  {cell("name", "indicatorName", t("fields.indicatorName"))}
                  {cell("unit", "indicatorUnit", t("fields.indicatorUnit"))}
                  {cell("baseline", "indicatorBaseline", t("fields.indicatorBaseline"), true)}
                  {cell("target", "indicatorTarget", t("fields.indicatorTarget"), true)}
                  {mode === "create" ? cell("current", "indicatorCurrent", t("fields.indicatorCurrent"), true) : null}
                  {cell("source", "indicatorSource", t("fields.indicatorSource"))}
                  <td hidden>
                    <input type="hidden" name="indicatorId" value={row.id} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          type="button"
          className="button small"
          onClick={() => setIndicatorRows((rows) => [...rows, { id: "", name: "", unit: "", baseline: "", target: "", current: "", source: "" }])}
          disabled={indicatorRows.length >= 20}
        >
          {t("hints.newIndicator")}
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {mode === "create" ? t("form.create") : t("form.save")}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {t("form.cancel")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
