// A slider's value is shown as the chart's number formats would show it: a threshold that
// starts at an unrounded value (e.g. 1.4086943136474508 bits, the percentile rule on our
// networks) is displayed rounded to two decimals; the chart keeps the exact value.
(() => {
  const LONG = /^-?\d+\.\d{4,}$/;

  function round(root) {
    for (const span of root.querySelectorAll(".vega-bindings input[type=range] + span")) {   // vega 6: an unnamed span
      const text = span.textContent.trim();
      if (LONG.test(text)) span.textContent = Number(text).toFixed(2);
    }
  }

  const observer = new MutationObserver(() => round(document));
  window.addEventListener("load", () => {
    round(document);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
})();
