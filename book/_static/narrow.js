// Narrow screens (issue 19): a chart scaled down to the text column keeps its text readable.
// A chart that would shrink below MIN_SCALE of its drawn size keeps that scale and scrolls
// sideways inside the column instead; every chart or table that scrolls sideways gets a
// visible hint under it. tests/test_book_browser.py checks both at 1280 and 390 px.
(() => {
  const MIN_SCALE = 0.75;
  const HINT = "scroll sideways for the rest →";

  function hint(holder, on) {
    let next = holder.nextElementSibling;
    const has = next && next.classList.contains("scroll-hint");
    if (on && !has) {
      const note = document.createElement("div");
      note.className = "scroll-hint";
      note.textContent = HINT;
      holder.after(note);
    } else if (!on && has) {
      next.remove();
    }
  }

  function fit() {
    for (const svg of document.querySelectorAll(".bd-article .vega-embed svg.marks")) {
      const embed = svg.closest(".vega-embed");
      const drawn = svg.viewBox && svg.viewBox.baseVal ? svg.viewBox.baseVal.width : 0;
      if (!drawn) continue;
      svg.style.width = svg.style.maxWidth = "";
      embed.classList.remove("scrolls-sideways");
      // the room is the column (the embed's parent) less the embed's own padding (the room of the
      // chart's "..." menu): the width the chart gets when it is scaled, not scrolled
      const pad = getComputedStyle(embed);
      const room = embed.parentElement
        ? embed.parentElement.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight)
        : svg.getBoundingClientRect().width;
      const narrow = room / drawn < MIN_SCALE;
      svg.style.width = narrow ? `${Math.round(drawn * MIN_SCALE)}px` : "";
      svg.style.maxWidth = narrow ? "none" : "";
      embed.classList.toggle("scrolls-sideways", narrow);
      hint(embed, narrow);
    }
    for (const holder of document.querySelectorAll(
      '.bd-article .pst-scrollable-table-container, .bd-article mjx-container[display="true"]')) {
      hint(holder, holder.scrollWidth > holder.clientWidth + 1);
    }
  }

  let pending = false;
  const later = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; fit(); });
    }
  };
  window.addEventListener("resize", later);
  document.addEventListener("DOMContentLoaded", () => {
    later();
    new MutationObserver((changes) => {
      if (changes.some((c) => [...c.addedNodes].some((n) => n.nodeType === 1 && !n.classList.contains("scroll-hint"))))
        later();
    }).observe(document.querySelector(".bd-article") || document.body, { childList: true, subtree: true });
  });
})();
