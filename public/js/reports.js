// Reports: progressive enhancement only — the filters submit themselves when a month or period changes.
document.addEventListener("change", (e) => {
  const el = e.target;
  if (!(el instanceof HTMLElement) || !el.closest("form.report-filters")) return;
  if (el.matches('input[type="month"], select[name="period"]')) el.closest("form").requestSubmit();
});
