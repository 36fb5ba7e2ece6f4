import { useId, type ReactNode } from "react";

interface SettingSelectProps<Choice extends string | number> {
  label: string;
  value: Choice;
  choices: readonly Choice[];
  choiceLabel: (choice: Choice) => string;
  onChange: (choice: Choice) => void;
  testId?: string;
  /** The language an option's text is in, where it is not the page's. */
  choiceLang?: (choice: Choice) => string;
  /** Shown under the select, such as a sample of the chosen setting. */
  children?: ReactNode;
}

/** One setting of the Settings page: its label and a select of its choices. */
export function SettingSelect<Choice extends string | number>({
  label,
  value,
  choices,
  choiceLabel,
  onChange,
  testId,
  choiceLang,
  children,
}: SettingSelectProps<Choice>) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => {
          const chosen = choices.find((choice) => String(choice) === event.target.value);
          if (chosen !== undefined) onChange(chosen);
        }}
        className="rounded border border-slate-400 bg-surface px-2 py-1"
      >
        {choices.map((choice) => (
          <option key={choice} value={choice} lang={choiceLang?.(choice)}>
            {choiceLabel(choice)}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}
