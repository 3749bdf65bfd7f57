// Starts the NHS.UK frontend components. Every page works without this script.
import { initAll } from "./vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

// Training progress: pages with [data-progress-url] ask for news every few seconds and say it
// in a polite live region; when the work ends the page reloads once to show the result.
for (const box of document.querySelectorAll("[data-progress-url]")) {
  const bar = box.querySelector("progress");
  const stage = box.querySelector("[data-progress-stage]");
  const tick = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const news = await response.json();
      if (bar) bar.value = news.progress;
      if (stage) stage.textContent = `${news.progress}%: ${news.stage}`;
      if (!news.running) {
        window.location.reload();
        return;
      }
    } catch {
      // The page still works without updates: the reload link stays.
    }
    window.setTimeout(tick, 3000);
  };
  window.setTimeout(tick, 3000);
}

// Long lists of checkboxes (the people who took part in an activity, in a large organisation): a
// box to find people by name hides the others. Ticked ones always stay in view, and a polite live
// region says how many are shown. Without this script the whole list is there, as before.
for (const [index, box] of document.querySelectorAll("[data-filter-checkboxes]").entries()) {
  const list = box.querySelector(".nhsuk-checkboxes");
  const items = list ? [...list.querySelectorAll(".nhsuk-checkboxes__item")] : [];
  if (items.length < Number(box.dataset.filterFrom || 8)) continue;
  const id = `checkbox-filter-${index}`;
  const group = document.createElement("div");
  group.className = "nhsuk-form-group nhsuk-u-margin-bottom-3";
  group.innerHTML =
    `<label class="nhsuk-label" for="${id}"></label>` +
    `<input class="nhsuk-input nhsuk-input--width-20" id="${id}" type="search" autocomplete="off">` +
    `<p class="nhsuk-body-s nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-0" aria-live="polite"></p>`;
  group.querySelector("label").textContent = box.dataset.filterCheckboxes;
  const input = group.querySelector("input");
  const status = group.querySelector("p");
  list.before(group);
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.querySelector("label").textContent.toLowerCase();
      const ticked = item.querySelector("input").checked;
      const match = ticked || words.every((word) => text.includes(word));
      item.style.display = match ? "" : "none"; // the design system's display rule beats `hidden`
      if (match) shown += 1;
    }
    status.textContent = words.length ? `${shown} of ${items.length} shown` : "";
  });
}
