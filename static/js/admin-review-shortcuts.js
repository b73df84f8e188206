// Keyboard shortcuts on a review's page in the admin: each key presses one of the page's own buttons
// (data-shortcut), so the page works the same without this file. The list of keys is shown only when this
// runs. Keys typed into a box are the box's; Esc leaves the box.
"use strict";
{
  const panel = document.querySelector(".moderation-decide");
  if (panel) {
    panel.querySelector(".moderation-shortcuts").hidden = false;
    const reason = document.getElementById("id_reason");
    const otherReason = document.getElementById("id_other_reason");
    const hasReason = () => Boolean(reason.value || otherReason.value.trim());

    document.addEventListener("keydown", (event) => {
      const typing = event.target.closest("input, textarea, select, [contenteditable]");
      if (typing) {
        if (event.key === "Escape") {
          event.target.blur();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || event.key.length !== 1) {
        return;
      }
      const button = document.querySelector(`button[data-shortcut="${event.key.toLowerCase()}"]`);
      if (!button) {
        return;
      }
      event.preventDefault();
      if (button.hasAttribute("data-needs-reason") && !hasReason()) {
        reason.focus();
        return;
      }
      button.click();
    });
  }
}
