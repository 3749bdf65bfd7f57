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
      // Only news is written: a live region rewritten with the same words is read out again.
      const said = `${news.progress}%: ${news.stage}`;
      if (stage && stage.textContent !== said) stage.textContent = said;
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

// Long lists of checkboxes (the people who took part in an activity, the themes of a framework): a
// box to find one by a few letters of its name hides the others. Ticked ones always stay in view;
// a list in groups (fieldsets marked [data-filter-group]) also matches on the group's name and
// hides a group with nothing shown. Enter in the box never sends the form: when exactly one name
// matches, it ticks that one. A polite live region says what happened. Without this script the
// whole list is there, as before.
for (const [index, box] of document.querySelectorAll("[data-filter-checkboxes]").entries()) {
  const items = [...box.querySelectorAll(".nhsuk-checkboxes__item")];
  if (items.length < Number(box.dataset.filterFrom || 8)) continue;
  const id = `checkbox-filter-${index}`;
  const group = document.createElement("div");
  group.className = "nhsuk-form-group nhsuk-u-margin-bottom-3";
  group.innerHTML =
    `<label class="nhsuk-label" for="${id}"></label>` +
    `<div class="nhsuk-hint" id="${id}-hint">Type part of a name, then press Enter to tick it.</div>` +
    `<input class="nhsuk-input nhsuk-input--width-20" id="${id}" type="search" autocomplete="off" aria-describedby="${id}-hint">` +
    `<p class="nhsuk-body-s nhsuk-u-margin-top-1 nhsuk-u-margin-bottom-0" aria-live="polite"></p>`;
  group.querySelector("label").textContent = box.dataset.filterCheckboxes;
  const input = group.querySelector("input");
  const status = group.querySelector("p");
  const first = box.querySelector("[data-filter-group]") || box.querySelector(".nhsuk-checkboxes");
  first.before(group);
  const entries = items.map((item) => {
    const legend = item.closest("[data-filter-group]")?.querySelector("legend");
    return {
      item,
      checkbox: item.querySelector("input"),
      name: item.querySelector("label").textContent.trim().replace(/\s+/g, " "),
      groupName: legend ? legend.textContent.toLowerCase() : "",
    };
  });
  const words = () => input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const named = (entry, ws) => ws.every((word) => entry.name.toLowerCase().includes(word));
  const matched = (entry, ws) => ws.every((word) => `${entry.name.toLowerCase()} ${entry.groupName}`.includes(word));
  const show = () => {
    const ws = words();
    let shown = 0;
    for (const entry of entries) {
      const match = entry.checkbox.checked || matched(entry, ws);
      entry.item.style.display = match ? "" : "none"; // the design system's display rule beats `hidden`
      if (match) shown += 1;
    }
    for (const fieldset of box.querySelectorAll("[data-filter-group]")) {
      const any = [...fieldset.querySelectorAll(".nhsuk-checkboxes__item")].some((item) => item.style.display !== "none");
      fieldset.style.display = any ? "" : "none";
    }
    status.textContent = ws.length ? `${shown} of ${items.length} shown` : "";
  };
  input.addEventListener("input", show);
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const ws = words();
    if (!ws.length) return;
    // What Enter may tick: boxes not yet ticked, found by their own name, else by their group's.
    const open = entries.filter((entry) => !entry.checkbox.disabled && !entry.checkbox.checked);
    const byName = open.filter((entry) => named(entry, ws));
    const matches = byName.length ? byName : open.filter((entry) => matched(entry, ws));
    if (matches.length === 1) {
      const [entry] = matches;
      entry.checkbox.checked = true;
      entry.checkbox.dispatchEvent(new Event("change", { bubbles: true }));
      show();
      status.textContent = `${entry.name} ticked`;
    } else {
      status.textContent = matches.length
        ? `${matches.length} shown: type more of a name, or move to one with Tab`
        : "Nothing left to tick matches";
    }
  });
}

// A table in its own scrolling region (WCAG 1.4.10) is a tab stop so that keyboard users can scroll
// it, but only while it is wider than its region: a table that fits the screen is not one more stop
// on the way through the page. The region is checked again whenever its size changes (a phone
// turned, a window narrowed). Without this script every such region stays a tab stop.
if ("ResizeObserver" in window) {
  const tabStop = (region) => {
    if (region.scrollWidth > region.clientWidth) region.setAttribute("tabindex", "0");
    else region.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => tabStop(entry.target)));
  for (const region of document.querySelectorAll(".heard-table-wrap, .heard-report-table-wrap")) {
    observer.observe(region);
  }
}
