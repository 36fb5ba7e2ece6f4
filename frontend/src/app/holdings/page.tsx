import { Suspense } from "react";
import { HoldingsPage } from "@/components/holdings/HoldingsPage";

// The transaction form can be filled in from the query string, which a static export only knows in the browser.
export default function Holdings() {
  return (
    <Suspense>
      <HoldingsPage />
    </Suspense>
  );
}
