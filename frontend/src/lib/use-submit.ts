import { useCallback, useState } from "react";

export interface Submission {
  running: boolean;
  error: unknown;
  /** Runs `action`, keeping its error for display; resolves to whether it succeeded. */
  submit: (action: () => Promise<unknown>) => Promise<boolean>;
}

export function useSubmit(): Submission {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = useCallback(async (action: () => Promise<unknown>) => {
    setRunning(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setRunning(false);
    }
  }, []);
  return { running, error, submit };
}
