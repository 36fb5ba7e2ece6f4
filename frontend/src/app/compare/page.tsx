import { Suspense } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { ComparePage } from "@/components/compare/ComparePage";

export default function Compare() {
  return (
    <Suspense fallback={<DocumentTitle title="" />}>
      <ComparePage />
    </Suspense>
  );
}
