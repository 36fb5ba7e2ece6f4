import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link to a page of the app: next/link without prefetching. Next.js would otherwise fetch the
 * payload and code of every linked page as soon as its link is in view (the whole navigation and
 * every watchlist row), and run them during the page's own load, which a phone feels as a page
 * slow to answer its first taps. The pages are small static files (kept by the service worker
 * once seen), so a page is fetched on the tap that opens it instead.
 */
export function AppLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
