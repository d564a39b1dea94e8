import { isSector, type Sector } from "../sectors";
import mnr2016 from "./mnr-2016/capabilities.json";
import mnr2016Sectors from "./mnr-2016/access-sectors.json";

/**
 * The capability frameworks a plan can follow. Each version is data in its own folder
 * (`capabilities.json` as published by the MNR brief, plus our organisation-type → sector map);
 * adding a version is a new folder and one entry below, with no change to any feature.
 */
const FRAMEWORK_FILES = {
  "mnr-2016": { data: mnr2016, sectors: mnr2016Sectors.organisationTypeSectors, label: "MNR 2016" },
} as const;

export type FrameworkVersion = keyof typeof FRAMEWORK_FILES;
export const FRAMEWORK_VERSIONS = Object.keys(FRAMEWORK_FILES) as FrameworkVersion[];
export const DEFAULT_FRAMEWORK: FrameworkVersion = "mnr-2016";

export interface Capability {
  id: string;
  number: number;
  name: string;
  summary: string;
  domainId: string;
  /** Access sectors that usually lead, derived from the data's typical lead organisation types. */
  defaultLeadSectors: Sector[];
}
export interface Domain {
  id: string;
  number: number;
  name: string;
  summary: string;
  capabilities: Capability[];
}
export interface MaturityLevel {
  level: number;
  id: string;
  name: string;
  description: string;
}
export interface OrganisationType {
  id: string;
  name: string;
  description: string;
  sector: Sector;
}
export interface Framework {
  version: FrameworkVersion;
  label: string;
  source: string;
  sourceUrls: string[];
  domains: Domain[];
  capabilities: Capability[];
  maturityLevels: MaturityLevel[];
  organisationTypes: OrganisationType[];
}

function build(version: FrameworkVersion): Framework {
  const { data, sectors, label } = FRAMEWORK_FILES[version];
  const typeSector = (id: string): Sector => {
    const s = (sectors as Record<string, string>)[id];
    if (!isSector(s)) throw new Error(`framework ${version}: organisation type ${id} has no access sector`);
    return s;
  };
  const domains: Domain[] = data.domains.map((d, i) => ({
    id: d.id,
    number: i + 1,
    name: d.name,
    summary: d.summary,
    capabilities: d.capabilities.map((c) => ({
      id: c.id,
      number: c.number,
      name: c.name,
      summary: c.summary,
      domainId: d.id,
      defaultLeadSectors: [...new Set(c.typicalLeadSectors.map(typeSector))],
    })),
  }));
  return {
    version,
    label,
    source: data.source,
    sourceUrls: data.sourceUrls,
    domains,
    capabilities: domains.flatMap((d) => d.capabilities),
    maturityLevels: data.maturityLevels.map((m) => ({ level: m.level, id: m.id, name: m.name, description: m.description })),
    organisationTypes: data.sectors.map((s) => ({ id: s.id, name: s.name, description: s.description, sector: typeSector(s.id) })),
  };
}

const cache = new Map<FrameworkVersion, Framework>();
export function getFramework(version: string): Framework {
  if (!(version in FRAMEWORK_FILES)) throw new Error(`unknown framework version ${version}`);
  const v = version as FrameworkVersion;
  let f = cache.get(v);
  if (!f) cache.set(v, (f = build(v)));
  return f;
}

export function isFrameworkVersion(value: unknown): value is FrameworkVersion {
  return typeof value === "string" && value in FRAMEWORK_FILES;
}

export function findCapability(framework: Framework, id: string): Capability | undefined {
  return framework.capabilities.find((c) => c.id === id);
}

export const MATURITY_MIN = 0;
export const MATURITY_MAX = 4;
