import type { ReactNode } from "react";

interface CardProps {
  title: ReactNode;
  testId?: string;
  children: ReactNode;
  className?: string;
}

export function Card({ title, testId, children, className = "" }: CardProps) {
  return (
    <section data-testid={testId} className={`rounded border border-slate-200 bg-surface p-3 ${className}`}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}
