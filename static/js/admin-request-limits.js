// Keeps an admin change form that the server would refuse (too many fields or bytes for the staff limits,
// settings.REQUEST_LIMITS) from being sent: the editor is told why, and everything typed stays in the form.
"use strict";
{
  const script = document.currentScript;
  const form = script.closest("form");
  const maxFields = Number(script.dataset.maxFields);
  const maxBytes = Number(script.dataset.maxBytes);
  const size = (value) => (typeof value === "string" ? encodeURIComponent(value).length : value.size);

  form.addEventListener("submit", (event) => {
    let fields = 0;
    let bytes = 0;
    for (const [name, value] of new FormData(form, event.submitter)) {
      fields += 1;
      bytes += size(name) + size(value) + 2;
    }
    if (fields <= maxFields && bytes <= maxBytes) {
      return;
    }
    event.preventDefault();
    let note = form.querySelector(".request-limits-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "errornote request-limits-note";
      note.setAttribute("role", "alert");
      note.tabIndex = -1;
      form.prepend(note);
    }
    const amount = (count) =>
      count >= 1024 * 1024
        ? `${(count / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`
        : `${Math.ceil(count / 1024).toLocaleString()} KB`;
    note.textContent =
      `This form is too large to save in one go: ${fields.toLocaleString()} fields and ${amount(bytes)}, ` +
      `where the most we accept is ${maxFields.toLocaleString()} fields and ${amount(maxBytes)}. ` +
      "Nothing was sent and everything you typed is still here. Delete rows you do not need, or save part " +
      "of your changes first and the rest after.";
    note.focus();
  });
}
