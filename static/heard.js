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
