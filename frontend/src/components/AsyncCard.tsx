"use client";

import type { ReactNode } from "react";
import type { ApiState } from "@/lib/use-api";
import { Card } from "./Card";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";

interface AsyncCardProps<T> {
  title: ReactNode;
  state: ApiState<T>;
  testId?: string;
  children: (data: T) => ReactNode;
}

/** A card whose body is loading text, an explained error, or the loaded data. */
export function AsyncCard<T>({ title, state, testId, children }: AsyncCardProps<T>) {
  let body: ReactNode;
  if (state.data !== undefined) body = children(state.data);
  else if (state.error !== undefined) body = <ErrorNotice error={state.error} onRetry={state.reload} />;
  else body = <Loading small />;
  return (
    <Card title={title} testId={testId}>
      {body}
    </Card>
  );
}
