/**
 * The page title in the current language. React 19 hoists <title> into <head>, and
 * unlike setting document.title in an effect it is not reset when Next renders its head.
 */
export function DocumentTitle({ title }: { title: string }) {
  return <title>{title ? `${title} · ETFTool` : "ETFTool"}</title>;
}
