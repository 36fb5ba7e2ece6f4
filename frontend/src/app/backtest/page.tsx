import { Suspense } from "react";
import { DocumentTitle } from "@/components/DocumentTitle";
import { BacktestPage } from "@/components/backtest/BacktestPage";

export default function Backtest() {
  return (
    <Suspense fallback={<DocumentTitle title="" />}>
      <BacktestPage />
    </Suspense>
  );
}
