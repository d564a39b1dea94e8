import fs from "node:fs";
import path from "node:path";
import { renderPermissionsDoc } from "./permissions-doc";

// `npm run docs:permissions`: rewrites docs/permissions.md from the policy table.
const target = path.resolve(import.meta.dirname, "../docs/permissions.md");
fs.writeFileSync(target, renderPermissionsDoc());
console.info(`wrote ${path.relative(process.cwd(), target)}`);
