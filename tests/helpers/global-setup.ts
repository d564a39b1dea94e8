import { ensureBuild } from "../../scripts/start";

/** Integration and browser tests run the production build; build it once if it is stale. */
export default function setup() {
  ensureBuild();
}
