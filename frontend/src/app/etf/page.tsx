import { Suspense } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { EtfDetailPage } from "@/components/etf/EtfDetailPage";

// The code comes from the query string, which a static export only knows in the browser.
export default function Etf() {
  return (
    <Suspense fallback={<DocumentTitle title="" />}>
      <EtfDetailPage />
    </Suspense>
  );
}
