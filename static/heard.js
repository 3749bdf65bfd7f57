// Starts the NHS.UK frontend components. Every page works without this script.
import { initAll } from "./vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
