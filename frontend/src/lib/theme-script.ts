// Without React, so that the root layout (a server component) can import it.

/**
 * Runs inline in <head> before the first paint, so a dark page never flashes light (the static
 * HTML cannot know the visitor's choice). Kept tiny and self-contained: it repeats resolveTheme
 * (lib/theme.ts) and the settings' storage key (lib/theme.test.tsx checks both) and must not
 * throw (private modes may refuse localStorage).
 */
export const THEME_SCRIPT =
  'try{var t=JSON.parse(localStorage.getItem("etftool.settings")).theme}catch(e){}' +
  'document.documentElement.dataset.theme=t==="light"||t==="dark"?t:' +
  'matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"';
