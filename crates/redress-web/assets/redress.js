// Progressive enhancement only: every page works without this file. It starts govuk-frontend's
// components (the error summary takes focus on a page re-shown with errors; links in it move
// focus to the field; conditionally revealed questions hide until chosen).
import { initAll } from "/assets/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
