import { useId, type ReactNode } from "react";

export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface FormFieldProps {
  label: string;
  error?: string;
  errorTestId?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A label, its control and the control's error message, wired together for screen readers. */
export function FormField({ label, error, errorTestId, children }: FormFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined })}
      {error && (
        <p id={errorId} data-testid={errorTestId} className="mt-0.5 text-xs text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export const INPUT_CLASS = "h-9 w-full rounded border border-slate-400 bg-surface px-2 py-1 aria-[invalid=true]:border-red-700";
