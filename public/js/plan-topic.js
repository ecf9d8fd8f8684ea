// The lesson form's «Тема по КТП» (views/journal/_lesson-fields.ejs; progressive enhancement: without
// this file the server fills the topic from the chosen plan topic on saving). Choosing a topic of the
// plan writes it into «Тема урока» and «Тип урока» when they are empty or still hold the topic offered
// before; a text the teacher wrote is left as it is.
(function () {
  "use strict";
  var select = document.getElementById("f-planItemId");
  if (!select) return;
  var topic = document.getElementById("f-topic");
  var type = document.getElementById("f-lessonType");
  var previous = select.options[select.selectedIndex];
  select.addEventListener("change", function () {
    var chosen = select.options[select.selectedIndex];
    if (topic && (topic.value.trim() === "" || topic.value === previous.getAttribute("data-topic")) && chosen.value)
      topic.value = chosen.getAttribute("data-topic") || "";
    if (type && (type.value.trim() === "" || type.value === previous.getAttribute("data-type")) && chosen.value)
      type.value = chosen.getAttribute("data-type") || "";
    previous = chosen;
  });
})();
