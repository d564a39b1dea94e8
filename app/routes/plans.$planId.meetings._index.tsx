import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, FormError } from "~/components/field";
import { SelectField } from "~/components/select-field";
import { defaultInvitees, MEETING_TYPES, nextInSeries, type Invitable, type MeetingType } from "~/domain/agenda";
import { timeZones, utcToZoned } from "~/domain/meeting-time";
import { isRole, isSector, SECTORS, type Sector } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import { createMeeting, meetingInputSchema, parseIds } from "~/services/meetings.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import styles from "~/styles/meetings.css?url";
import { badRequest, parseForm } from "~/utils/forms";
import { readTimeZone } from "~/utils/time-zone";
import { findMeeting, findPreviousMeeting, listMeetings } from "../../db/repositories/meetings";
import { listMembers } from "../../db/repositories/plans";
import { SectorBadge } from "~/components/sector-badge";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Meetings · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "meeting.view");
  const { db } = context.services;
  const [meetings, members, structure] = await Promise.all([listMeetings(db, access.plan.id), listMembers(db, access.plan.id), loadPlanStructure(db, access.plan, access.framework)]);
  // What the form needs to propose invitees for any type of meeting (app/domain/agenda.ts decides).
  const invitable: Invitable[] = members.flatMap((m) => (isRole(m.role) ? [{ id: m.user_id, role: m.role, sector: isSector(m.sector) ? m.sector : null }] : []));
  const capabilitySectors = structure.capabilities.map((c) => ({ id: c.id, leadSectors: c.leadSectors, partnerSectors: c.partnerSectors }));
  // Which kinds of meeting this member may create: the policy answers per sector (null = plan-wide).
  const sectors = SECTORS.filter((s) => hasPermission(access, "meeting.create", { sector: s }));
  const planWide = hasPermission(access, "meeting.create", { sector: null });
  const types: MeetingType[] = MEETING_TYPES.filter((t) => (t === "sector" ? sectors.length > 0 : planWide));

  const readerZone = readTimeZone(request.headers.get("cookie"));
  const fromId = new URL(request.url).searchParams.get("from");
  const from = fromId ? await findMeeting(db, access.plan.id, fromId) : undefined;
  const type = types[0] ?? "task-force";
  const sector = (sectors.includes(access.actor.sector) ? access.actor.sector : (sectors[0] ?? "")) as Sector | "";
  let prefill = {
    title: "",
    type,
    sector,
    capabilities: [] as string[],
    day: "",
    startTime: "10:00",
    endTime: "12:00",
    timeZone: readerZone,
    place: "",
    callUrl: "",
    attendees: defaultInvitees({ type, sector: sector || null, capabilityIds: [] }, invitable, capabilitySectors),
    seriesFrom: "",
  };
  if (from) {
    // The next meeting of a series: everything as last time, one interval later.
    const before = await findPreviousMeeting(db, access.plan.id, from.starts_at, from.series_id, from.id);
    const startsAt = nextInSeries(from.starts_at, before?.starts_at ?? null);
    const endsAt = new Date(Date.parse(startsAt) + (Date.parse(from.ends_at) - Date.parse(from.starts_at))).toISOString();
    const start = utcToZoned(startsAt, from.time_zone);
    const attendees = await db.selectFrom("meeting_attendee").select("user_id").where("meeting_id", "=", from.id).execute();
    prefill = {
      title: from.title,
      type: from.type as MeetingType,
      sector: (from.sector ?? "") as Sector | "",
      capabilities: parseIds(from.capability_ids),
      day: start.day,
      startTime: start.time,
      endTime: utcToZoned(endsAt, from.time_zone).time,
      timeZone: from.time_zone,
      place: from.place,
      callUrl: from.call_url ?? "",
      attendees: attendees.map((a) => a.user_id),
      seriesFrom: from.id,
    };
  }
  const now = new Date().toISOString();
  const shape = (m: (typeof meetings)[number]) => ({ id: m.id, title: m.title, type: m.type, sector: m.sector, status: m.status, startsAt: m.starts_at, endsAt: m.ends_at, timeZone: m.time_zone, seriesId: m.series_id });
  // The latest meeting of each series offers "plan the next one".
  const latestOfSeries = new Map<string, string>();
  for (const m of meetings) if (!latestOfSeries.has(m.series_id)) latestOfSeries.set(m.series_id, m.id);
  const seriesLatest = new Set(latestOfSeries.values());
  return {
    planId: access.plan.id,
    upcoming: meetings.filter((m) => m.status !== "closed" && m.ends_at >= now).reverse().map(shape),
    past: meetings.filter((m) => m.status === "closed" || m.ends_at < now).map(shape),
    seriesLatest: [...seriesLatest],
    canCreate: types.length > 0 && !access.planFacts.readOnly,
    types,
    sectors,
    capabilities: access.framework.capabilities.map((c) => ({ id: c.id, number: c.number, name: c.name })),
    members: members.map((m) => ({ id: m.user_id, name: m.name, organisationName: m.organisation_name, sector: m.sector, role: m.role })),
    invitable,
    capabilitySectors,
    timeZones: timeZones(),
    prefill,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const parsed = parseForm(meetingInputSchema, await request.formData());
  if (!parsed.ok) return badRequest(parsed.errors);
  try {
    const id = await createMeeting(context.services, access, parsed.data);
    throw redirect(`/plans/${access.plan.id}/meetings/${id}/agenda?created=1`);
  } catch (error) {
    if (error instanceof ServiceError) return badRequest({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Meetings() {
  const { t } = useTranslation("meetings");
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack meetings-page">
      <h1>{t("title")}</h1>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("list.upcoming")}</h2>
        <MeetingTable meetings={data.upcoming} data={data} empty={t("list.noneUpcoming")} />
      </section>
      {data.canCreate ? <CreateForm key={data.prefill.seriesFrom || "new"} data={data} /> : null}
      <section aria-labelledby="past">
        <h2 id="past">{t("list.past")}</h2>
        <MeetingTable meetings={data.past} data={data} empty={t("list.nonePast")} />
      </section>
    </div>
  );
}

function MeetingTable({ meetings, data, empty }: { meetings: Data["upcoming"]; data: Data; empty: string }) {
  const { t } = useTranslation("meetings");
  const f = useFormat();
  if (meetings.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="table meetings-table">
      <thead>
        <tr>
          <th scope="col">{t("fields.title")}</th>
          <th scope="col">{t("fields.when")}</th>
          <th scope="col">{t("fields.type")}</th>
          <th scope="col">{t("fields.status")}</th>
          {data.canCreate ? <th scope="col">{t("list.series")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {meetings.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <Link to={`/plans/${data.planId}/meetings/${m.id}`}>{m.title}</Link>
            </th>
            <td>{f.dateTime(m.startsAt)}</td>
            <td>
              {t(`types.${m.type}`)}
              {m.sector ? (
                <>
                  {" · "}
                  <SectorBadge sector={m.sector} />
                </>
              ) : null}
            </td>
            <td>
              <span className={`meeting-status meeting-status-${m.status}`}>{t(`statuses.${m.status}`)}</span>
            </td>
            {data.canCreate ? (
              <td>
                {data.seriesLatest.includes(m.id) ? (
                  <Link to={`/plans/${data.planId}/meetings?from=${m.id}#new-meeting`} aria-label={t("list.planNextOf", { title: m.title })}>
                    {t("list.planNext")}
                  </Link>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateForm({ data }: { data: Data }) {
  const { t } = useTranslation("meetings");
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  const p = data.prefill;
  const [type, setType] = useState<MeetingType>(p.type);
  const [sector, setSector] = useState<string>(p.sector);
  const [capabilities, setCapabilities] = useState<string[]>(p.capabilities);
  const [invited, setInvited] = useState<string[]>(p.attendees);
  // Changing what the meeting is about proposes its invitees again (the organiser can still tick).
  const about = (next: { type?: MeetingType; sector?: string; capabilities?: string[] }) => {
    const scope = { type: next.type ?? type, sector: isSector(next.sector ?? sector) ? ((next.sector ?? sector) as Sector) : null, capabilityIds: next.capabilities ?? capabilities };
    setInvited(defaultInvitees(scope, data.invitable, data.capabilitySectors));
  };
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));
  return (
    <section aria-labelledby="new-meeting" className="card">
      <h2 id="new-meeting">{p.seriesFrom ? t("create.nextTitle") : t("create.title")}</h2>
      <Form method="post" className="meeting-form" key={p.seriesFrom || "new"}>
        <FormError error={errors._form} />
        {p.seriesFrom ? <input type="hidden" name="seriesFrom" value={p.seriesFrom} /> : null}
        <Field label={t("fields.title")} name="title" defaultValue={p.title} required maxLength={200} error={errors.title} />
        <div className="meeting-form-row">
          <SelectField
            label={t("fields.type")}
            name="type"
            value={type}
            onChange={(e) => {
              const next = e.target.value as MeetingType;
              setType(next);
              about({ type: next });
            }}
            error={errors.type}
          >
            {data.types.map((ty) => (
              <option key={ty} value={ty}>
                {t(`types.${ty}`)}
              </option>
            ))}
          </SelectField>
          {type === "sector" ? (
            <SelectField
              label={t("fields.sector")}
              name="sector"
              value={sector}
              onChange={(e) => {
                setSector(e.target.value);
                about({ sector: e.target.value });
              }}
              error={errors.sector}
            >
              {data.sectors.map((s) => (
                <option key={s} value={s}>
                  {t(`common:sectors.${s}`)}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        {type === "working-group" ? (
          <fieldset className="meeting-checkboxes" aria-describedby={errors.capabilities ? "capabilities-error" : undefined}>
            <legend>{t("fields.capabilities")}</legend>
            {data.capabilities.map((c) => (
              <label key={c.id}>
                <input
                  type="checkbox"
                  name="capabilities"
                  value={c.id}
                  checked={capabilities.includes(c.id)}
                  onChange={(e) => {
                    const next = toggle(capabilities, c.id, e.target.checked);
                    setCapabilities(next);
                    about({ capabilities: next });
                  }}
                />{" "}
                {c.number}. {c.name}
              </label>
            ))}
            {errors.capabilities ? (
              <p className="field-error" id="capabilities-error">
                {t(errors.capabilities)}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <div className="meeting-form-row">
          <Field label={t("fields.day")} name="day" type="date" defaultValue={p.day} required error={errors.day} />
          <Field label={t("fields.startTime")} name="startTime" type="time" defaultValue={p.startTime} required error={errors.startTime} />
          <Field label={t("fields.endTime")} name="endTime" type="time" defaultValue={p.endTime} required error={errors.endTime} />
          <SelectField label={t("fields.timeZone")} name="timeZone" defaultValue={p.timeZone} error={errors.timeZone}>
            {data.timeZones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="meeting-form-row">
          <Field label={t("fields.place")} name="place" defaultValue={p.place} maxLength={300} error={errors.place} />
          <Field label={t("fields.callUrl")} name="callUrl" type="url" defaultValue={p.callUrl} placeholder="https://" maxLength={2000} error={errors.callUrl} hint={t("create.callUrlHint")} />
        </div>
        <fieldset className="meeting-checkboxes" aria-describedby="attendees-hint">
          <legend>{t("fields.attendees")}</legend>
          {/* Polite: changing the type or sector re-ticks the list, and a screen reader hears the new count. */}
          <p className="field-hint" id="attendees-hint" aria-live="polite">
            {t("create.attendeesHint", { count: invited.length })}
          </p>
          {data.members.map((m) => (
            <label key={m.id}>
              <input type="checkbox" name="attendees" value={m.id} checked={invited.includes(m.id)} onChange={(e) => setInvited(toggle(invited, m.id, e.target.checked))} /> {m.name}{" "}
              <span className="muted">
                ({m.organisationName}
                {m.role === "observer" ? `, ${t("create.observer")}` : ""})
              </span>
            </label>
          ))}
          {errors.attendees ? <p className="field-error">{t(errors.attendees)}</p> : null}
        </fieldset>
        <fieldset className="meeting-radios">
          <legend>{t("fields.status")}</legend>
          <label>
            <input type="radio" name="status" value="draft" defaultChecked /> {t("statuses.draft")}
          </label>
          <label>
            <input type="radio" name="status" value="scheduled" /> {t("statuses.scheduled")}
          </label>
        </fieldset>
        <p className="muted">{t("create.agendaHint")}</p>
        <button type="submit" className="button primary" disabled={busy}>
          {t("create.submit")}
        </button>
      </Form>
    </section>
  );
}
