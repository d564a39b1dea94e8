/**
 * The demo task force of a fictional country, Arvenia. Every person and organisation is invented.
 * The content describes planning work only; it never describes abuse or any case.
 */
import type { ActionStatus } from "~/domain/actions";
import type { Role } from "~/domain/sectors";

export const DEMO_PASSWORD = "demo task force 2027";

export const demoPlan = {
  title: "Arvenia National Action Plan against Online Child Sexual Exploitation and Abuse {{period}}",
  // ISO 3166 reserves ZZ for an unknown area: the right code for a fictional country, which the
  // plan then names itself.
  country: "ZZ",
  countryName: "Arvenia",
  description:
    "The national plan of Arvenia's inter-agency task force, chaired by the Ministry of Social Affairs and Children. It follows the WePROTECT Model National Response and is reviewed at a quarterly task force meeting.",
};

export interface DemoOrganisation {
  key: string;
  name: string;
  orgType: string;
}
export const demoOrganisations: DemoOrganisation[] = [
  { key: "social", name: "Ministry of Social Affairs and Children", orgType: "child-protection-services" },
  { key: "justice", name: "Ministry of Justice", orgType: "government" },
  { key: "education", name: "Ministry of Education", orgType: "education" },
  { key: "regulator", name: "National Communications Authority", orgType: "regulators" },
  { key: "police", name: "National Police Cybercrime Unit", orgType: "law-enforcement" },
  { key: "prosecutor", name: "Office of the Public Prosecutor", orgType: "justice-sector" },
  { key: "probation", name: "National Probation Service", orgType: "corrections-probation" },
  { key: "telco", name: "ArvaTel Mobile", orgType: "industry" },
  { key: "hosting", name: "Northwind Hosting", orgType: "industry" },
  { key: "platforms", name: "Digital Platforms Association of Arvenia", orgType: "industry" },
  { key: "hotline", name: "SafeNet Arvenia Hotline", orgType: "hotline" },
  { key: "helpline", name: "Children's Helpline Arvenia", orgType: "child-helpline" },
];

export interface DemoMember {
  key: string;
  name: string;
  email: string;
  org: string;
  role: Role;
}
export const demoMembers: DemoMember[] = [
  { key: "coord", name: "Elena Marsh", email: "elena.marsh@demo.taskforce.example", org: "social", role: "coordinator" },
  { key: "coord2", name: "Tomas Verhoeven", email: "tomas.verhoeven@demo.taskforce.example", org: "justice", role: "coordinator" },
  { key: "gov-lead", name: "Aisha Rahman", email: "aisha.rahman@demo.taskforce.example", org: "education", role: "sector-lead" },
  { key: "le-lead", name: "Daniel Okafor", email: "daniel.okafor@demo.taskforce.example", org: "police", role: "sector-lead" },
  { key: "ind-lead", name: "Mei Lin Tan", email: "meilin.tan@demo.taskforce.example", org: "platforms", role: "sector-lead" },
  { key: "cs-lead", name: "Sofia Almeida", email: "sofia.almeida@demo.taskforce.example", org: "hotline", role: "sector-lead" },
  { key: "gov-m1", name: "Jonas Berg", email: "jonas.berg@demo.taskforce.example", org: "social", role: "member" },
  { key: "gov-m2", name: "Priya Nair", email: "priya.nair@demo.taskforce.example", org: "regulator", role: "member" },
  { key: "gov-m3", name: "Karim Haddad", email: "karim.haddad@demo.taskforce.example", org: "justice", role: "member" },
  { key: "le-m1", name: "Ana Kovač", email: "ana.kovac@demo.taskforce.example", org: "police", role: "member" },
  { key: "le-m2", name: "Samuel Mensah", email: "samuel.mensah@demo.taskforce.example", org: "prosecutor", role: "member" },
  { key: "le-m3", name: "Ingrid Solberg", email: "ingrid.solberg@demo.taskforce.example", org: "probation", role: "member" },
  { key: "ind-m1", name: "Lucas Moreau", email: "lucas.moreau@demo.taskforce.example", org: "telco", role: "member" },
  { key: "ind-m2", name: "Hana Sato", email: "hana.sato@demo.taskforce.example", org: "hosting", role: "member" },
  { key: "cs-m1", name: "Grace Achieng", email: "grace.achieng@demo.taskforce.example", org: "helpline", role: "member" },
  { key: "cs-m2", name: "Mateo Rossi", email: "mateo.rossi@demo.taskforce.example", org: "hotline", role: "member" },
  { key: "gov-obs", name: "Fatima Diallo", email: "fatima.diallo@demo.taskforce.example", org: "education", role: "observer" },
  { key: "le-obs", name: "Oliver Grant", email: "oliver.grant@demo.taskforce.example", org: "prosecutor", role: "observer" },
  { key: "ind-obs", name: "Nadia Petrova", email: "nadia.petrova@demo.taskforce.example", org: "telco", role: "observer" },
  { key: "cs-obs", name: "Rafael Duarte", email: "rafael.duarte@demo.taskforce.example", org: "helpline", role: "observer" },
];


export interface DemoAction {
  capability: string;
  title: string;
  objective: string;
  org: string;
  assignee?: string;
  partners?: string[];
  status: ActionStatus;
  progress: number;
  /** Months from the plan start; negative = before. */
  startMonth: number;
  dueMonth: number | "ongoing";
  indicator?: { name: string; unit: string; baseline: number; target: number; current: number; source: string };
  budget?: { amount: number; source: string } | "no-cost";
}

type Row = [string, string, string, string | undefined, ActionStatus, number, number, number | "ongoing"];
// capability, title, lead org key, assignee key, status, progress, start month, due month
const rows: Row[] = [
  ["leadership", "Adopt the task force's terms of reference and membership by ministerial decree", "social", "gov-m1", "completed", 100, 0, 3],
  ["leadership", "Set up a permanent secretariat for the task force", "social", "gov-m1", "on-track", 60, 2, 14],
  ["leadership", "Publish an annual progress report on the national plan", "social", "coord", "not-started", 0, 10, 16],
  ["leadership", "Agree a costed budget line for the plan in the national budget", "justice", "gov-m3", "at-risk", 30, 1, 12],
  ["research-analysis-monitoring", "Commission a national situational analysis of online risks to children", "social", "gov-m1", "completed", 100, 0, 6],
  ["research-analysis-monitoring", "Define the plan's monitoring and evaluation framework with indicators", "social", "coord2", "on-track", 70, 2, 9],
  ["research-analysis-monitoring", "Run a household survey on children's online experiences", "education", "gov-obs", "delayed", 20, 4, 10],
  ["research-analysis-monitoring", "Publish anonymised annual statistics from police, hotline and helpline", "police", "le-m1", "not-started", 0, 12, 18],
  ["legislation", "Review criminal law against the MNR legislation checklist", "justice", "gov-m3", "completed", 100, 0, 5],
  ["legislation", "Draft amendments replacing outdated terms with 'child sexual abuse material'", "justice", "gov-m3", "on-track", 55, 5, 15],
  ["legislation", "Introduce a legal safe harbour for companies reporting to authorities", "justice", "coord2", "at-risk", 25, 6, 18],
  ["legislation", "Consult civil society and industry on the draft law", "justice", "gov-m3", "on-track", 40, 8, 12],
  ["dedicated-law-enforcement", "Establish a specialist unit with a national remit and 24/7 contact point", "police", "le-m1", "completed", 100, 0, 8],
  ["dedicated-law-enforcement", "Train 120 officers in digital evidence handling", "police", "le-m1", "on-track", 65, 3, 20],
  ["dedicated-law-enforcement", "Procure forensic workstations for regional units", "police", "le-lead", "delayed", 35, 4, 9],
  ["dedicated-law-enforcement", "Agree a referral protocol between police and the hotline", "police", "le-m1", "completed", 100, 2, 6],
  ["judiciary-prosecutors", "Train prosecutors in child-sensitive case handling", "prosecutor", "le-m2", "on-track", 50, 4, 16],
  ["judiciary-prosecutors", "Equip two courts with remote testimony rooms for children", "justice", "gov-m3", "at-risk", 20, 6, 15],
  ["judiciary-prosecutors", "Issue prosecution guidance on online offences", "prosecutor", "le-m2", "not-started", 0, 9, 14],
  ["offender-management-process", "Pilot a supervision programme for people convicted of online offences", "probation", "le-m3", "on-track", 45, 6, 20],
  ["offender-management-process", "Review the offender register's data sharing rules", "probation", "le-m3", "not-started", 0, 12, 18],
  ["offender-management-process", "Train probation officers in risk assessment tools", "probation", "le-m3", "cancelled", 0, 3, 8],
  ["access-to-image-databases", "Connect the specialist unit to INTERPOL's ICSE database", "police", "le-lead", "completed", 100, 1, 7],
  ["access-to-image-databases", "Set up a national hash list shared with the hotline and industry", "police", "le-m1", "delayed", 30, 5, 11],
  ["access-to-image-databases", "Agree data protection safeguards for the national database", "justice", "gov-m3", "on-track", 60, 5, 12],
  ["end-to-end-support", "Map the support pathway from first contact to recovery", "social", "gov-m1", "completed", 100, 0, 6],
  ["end-to-end-support", "Open two child advocacy centres in regional hospitals", "social", "gov-m1", "at-risk", 30, 6, 24],
  ["end-to-end-support", "Publish a directory of specialist support services", "helpline", "cs-m1", "on-track", 75, 3, 9],
  ["end-to-end-support", "Set service standards for psychosocial support", "social", "coord", "not-started", 0, 12, 20],
  ["child-protection-workforce", "Train 300 social workers in online risks and joint procedures", "social", "gov-m1", "on-track", 40, 4, 22],
  ["child-protection-workforce", "Adopt joint working procedures for police, social services and health", "social", "coord", "delayed", 50, 2, 8],
  ["child-protection-workforce", "Add online safeguarding to the social work curriculum", "education", "gov-lead", "not-started", 0, 10, 24],
  ["compensation-remedies-complaints", "Review access to compensation for child victims", "justice", "gov-m3", "on-track", 35, 8, 18],
  ["compensation-remedies-complaints", "Set up an independent complaints route for children", "social", "gov-m1", "not-started", 0, 14, 26],
  ["compensation-remedies-complaints", "Fund free legal advice for families through the helpline", "helpline", "cs-m1", "at-risk", 15, 6, 14],
  ["child-helpline", "Extend the helpline to 24 hours, seven days a week", "helpline", "cs-m1", "on-track", 70, 0, 12],
  ["child-helpline", "Launch chat and messaging channels for the helpline", "helpline", "cs-m1", "completed", 100, 2, 9],
  ["child-helpline", "Secure a free short number with all mobile operators", "telco", "ind-m1", "completed", 100, 1, 5],
  ["child-helpline", "Train helpline counsellors on online harms", "helpline", "cs-lead", "on-track", 80, 3, 10],
  ["csea-hotline", "Obtain INHOPE membership for the national hotline", "hotline", "cs-m2", "completed", 100, 0, 10],
  ["csea-hotline", "Agree a memorandum with police on handling hotline reports", "hotline", "cs-lead", "completed", 100, 1, 6],
  ["csea-hotline", "Run a public awareness campaign on how to report", "hotline", "cs-m2", "on-track", 50, 8, 14],
  ["csea-hotline", "Secure multi-year funding for analyst wellbeing support", "hotline", "cs-lead", "delayed", 25, 4, 10],
  ["education-programme", "Roll out an age-appropriate online safety curriculum in primary schools", "education", "gov-lead", "on-track", 45, 6, 30],
  ["education-programme", "Train 1,000 teachers to recognise and refer concerns", "education", "gov-lead", "at-risk", 20, 6, 24],
  ["education-programme", "Produce guidance for parents in three languages", "education", "gov-obs", "completed", 100, 2, 8],
  ["education-programme", "Evaluate the curriculum pilot with children and teachers", "education", "gov-lead", "not-started", 0, 18, 26],
  ["child-participation", "Set up a young people's advisory group to the task force", "social", "coord", "on-track", 60, 3, 12],
  ["child-participation", "Consult children on the design of reporting tools", "helpline", "cs-m1", "not-started", 0, 10, 16],
  ["child-participation", "Publish child-friendly versions of the national plan", "social", "gov-m1", "delayed", 40, 4, 9],
  ["offender-support-systems", "Launch a confidential prevention helpline for people worried about their thoughts", "social", "gov-m1", "at-risk", 20, 6, 18],
  ["offender-support-systems", "Train health professionals in prevention support", "social", "coord", "not-started", 0, 12, 24],
  ["offender-support-systems", "Run deterrence messaging with search and platform partners", "platforms", "ind-lead", "on-track", 35, 8, 20],
  ["takedown-procedures", "Agree notice-and-takedown timelines with hosting providers", "hosting", "ind-m2", "completed", 100, 0, 6],
  ["takedown-procedures", "Measure average removal time for confirmed material", "hotline", "cs-m2", "on-track", 65, 4, "ongoing"],
  ["takedown-procedures", "Set up blocking of confirmed material hosted abroad with ISPs", "telco", "ind-m1", "delayed", 30, 5, 12],
  ["takedown-procedures", "Publish a transparency report on takedown", "regulator", "gov-m2", "not-started", 0, 14, 20],
  ["csea-reporting", "Agree a reporting template for companies to send to police", "platforms", "ind-lead", "completed", 100, 1, 6],
  ["csea-reporting", "Bring five more domestic platforms into voluntary reporting", "platforms", "ind-lead", "on-track", 40, 6, 18],
  ["csea-reporting", "Clarify legal protection for company staff handling reports", "justice", "gov-m3", "at-risk", 25, 6, 15],
  ["innovative-solution-development", "Run an industry challenge on age-appropriate design tools", "platforms", "ind-lead", "on-track", 30, 8, 20],
  ["innovative-solution-development", "Share hash-matching tools with smaller hosting companies", "hosting", "ind-m2", "not-started", 0, 10, 18],
  ["innovative-solution-development", "Pilot safety-by-design reviews with three app developers", "platforms", "ind-lead", "cancelled", 0, 4, 10],
  ["corporate-social-responsibility", "Adopt an industry code of practice on child safety", "platforms", "ind-lead", "on-track", 55, 3, 12],
  ["corporate-social-responsibility", "Add child safety clauses to operators' terms of service", "telco", "ind-m1", "completed", 100, 2, 9],
  ["corporate-social-responsibility", "Report annually on industry commitments to the task force", "platforms", "ind-obs", "not-started", 0, 12, "ongoing"],
  ["corporate-social-responsibility", "Train customer service staff to refer concerns", "telco", "ind-m1", "on-track", 50, 5, 14],
  ["ethical-informed-media-reporting", "Agree media guidelines on reporting about children and online harm", "regulator", "gov-m2", "on-track", 45, 6, 14],
  ["ethical-informed-media-reporting", "Train 60 journalists on ethical reporting", "regulator", "gov-m2", "not-started", 0, 12, 20],
  ["ethical-informed-media-reporting", "Set up a media focal point in the task force secretariat", "social", "gov-m1", "completed", 100, 3, 7],
  ["universal-terminology", "Adopt the Luxembourg Guidelines terms in all government documents", "social", "coord", "on-track", 70, 0, 12],
  ["universal-terminology", "Translate the terminology guidelines into national languages", "education", "gov-obs", "completed", 100, 2, 6],
  ["universal-terminology", "Update police and court forms to use 'child sexual abuse material'", "prosecutor", "le-m2", "delayed", 30, 4, 10],
  ["research-analysis-monitoring", "Set up a shared data dashboard for task force members", "regulator", "gov-m2", "on-track", 35, 10, 20],
  ["dedicated-law-enforcement", "Join international joint operations through the national contact point", "police", "le-lead", "on-track", 50, 6, "ongoing"],
  ["child-helpline", "Integrate the helpline with social services referrals", "helpline", "cs-m1", "at-risk", 30, 6, 14],
  ["csea-hotline", "Give the hotline a legal mandate to analyse reported material", "justice", "gov-m3", "on-track", 45, 4, 16],
  ["education-programme", "Include online safety in teacher initial training", "education", "gov-lead", "delayed", 15, 8, 20],
  ["takedown-procedures", "Bring hosting providers into the national takedown agreement", "hosting", "ind-m2", "on-track", 60, 3, 12],
  ["legislation", "Ratify the Council of Europe Lanzarote Convention", "justice", "coord2", "not-started", 0, 12, 30],
];

export const demoActions: DemoAction[] = rows.map(([capability, title, org, assignee, status, progress, startMonth, dueMonth]) => ({
  capability,
  title,
  objective: `Contribute to the plan's objective for ${capability.replace(/-/g, " ")}.`,
  org,
  assignee,
  status,
  progress,
  startMonth,
  dueMonth,
}));

/** Short narratives (baseline and objectives) for capabilities, written as a task force would. */
export const demoNarratives: Record<string, { baseline: string; objectives: string[] }> = {
  leadership: {
    baseline: "Before this plan, work on online child protection was spread across ministries without a shared plan or a body that owned it.",
    objectives: ["A standing task force chaired by the Ministry of Social Affairs and Children meets quarterly.", "The plan has a budget line and an annual public progress report."],
  },
  legislation: {
    baseline: "The criminal code predates the internet in several places and uses outdated terms.",
    objectives: ["Amend the code to cover all online offences and to use the Luxembourg Guidelines terms.", "Give companies and the hotline legal certainty when they report."],
  },
  "csea-hotline": {
    baseline: "The hotline opened in 2023 as a project of a national NGO with short-term funding.",
    objectives: ["Full INHOPE membership and a memorandum with the police.", "Multi-year funding, including wellbeing support for analysts."],
  },
  "child-helpline": {
    baseline: "The helpline answered calls twelve hours a day with no chat channel.",
    objectives: ["A free 24/7 service reachable by phone, chat and messaging.", "Warm referrals into social services and health."],
  },
  "education-programme": {
    baseline: "Online safety was taught in some schools, depending on individual teachers.",
    objectives: ["A national, age-appropriate curriculum in every primary and secondary school.", "Teachers trained to recognise and refer concerns."],
  },
  "universal-terminology": {
    baseline: "Government documents still used terms that the Luxembourg Guidelines advise against.",
    objectives: ["Every public body uses 'child sexual abuse material' and the other agreed terms."],
  },
};

export const demoMeetings = [
  {
    title: "Task force meeting: second quarter review",
    daysFromNow: -120,
    seriesFrom: null,
    decisions: [
      "The secretariat will prepare the first annual progress report for the minister.",
      "Sector leads will confirm an owner for every action that has none by the next meeting.",
    ],
    minutes: [
      "The chair welcomed the members and the new representative of the Digital Platforms Association.",
      "Members reviewed overdue actions sector by sector and agreed revised dates where the work had changed.",
    ],
  },
  {
    title: "Task force meeting: third quarter review",
    daysFromNow: -30,
    seriesFrom: null,
    decisions: [
      "The draft law amendments will go to public consultation after legal review.",
      "The hotline's funding request will be raised with the Ministry of Finance.",
    ],
    minutes: [
      "The meeting reviewed progress on legislation, the helpline and takedown procedures.",
      "Industry members presented the draft code of practice; comments are due in four weeks.",
    ],
  },
  {
    title: "Task force meeting: fourth quarter review",
    daysFromNow: 21,
    seriesFrom: null,
    decisions: [],
    minutes: [],
  },
];
