// The diary: choosing a week or a period shows it at once (the forms also work without JavaScript).
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const input of form.querySelectorAll("select, input[type=date]")) {
      input.addEventListener("change", () => {
        if (input.value) form.requestSubmit ? form.requestSubmit() : form.submit();
      });
    }
  }
  // Bring today into view on phones, where the week is one long column.
  const today = document.querySelector(".day.today");
  if (today && window.matchMedia("(max-width: 640px)").matches) today.scrollIntoView({ block: "start" });
});
