"use client";

import { useState, type FormEvent } from "react";
import { AsyncCard } from "@/components/AsyncCard";
import { Card } from "@/components/Card";
import { ErrorNotice } from "@/components/ErrorNotice";
import { FormField, INPUT_CLASS } from "@/components/FormField";
import { Loading } from "@/components/Loading";
import { api } from "@/lib/api";
import type {
  ChannelConfig,
  ChannelCreate,
  ChannelDelivery,
  ChannelKind,
  ChannelUpdate,
  NotificationChannel,
  SummarySent,
} from "@/lib/api-types";
import { formatDateTime } from "@/lib/format";
import { useTranslation } from "@/lib/i18n";
import { useApi } from "@/lib/use-api";
import { useSubmit } from "@/lib/use-submit";
import { ChannelLimits } from "./ChannelLimits";

type FieldName =
  | "bot_token"
  | "chat_id"
  | "send_key"
  | "webhook_url"
  | "secret"
  | "device_key"
  | "server_url"
  | "token"
  | "topic"
  | "access_token"
  | "url"
  | "host"
  | "port"
  | "security"
  | "username"
  | "password"
  | "from_address"
  | "to_addresses";

interface ChannelField {
  name: FieldName;
  /** Typed into a password box: it is a token, key or a URL that holds one. */
  hidden?: boolean;
  optional?: boolean;
  /** Offered in a list instead of typed; the first is the default. */
  choices?: readonly SmtpSecurity[];
}

type SmtpSecurity = "starttls" | "ssl" | "none";

/** Each kind's settings, as the API's config for that kind names them. */
const CHANNEL_FIELDS: Record<ChannelKind, readonly ChannelField[]> = {
  telegram: [{ name: "bot_token", hidden: true }, { name: "chat_id" }],
  serverchan: [{ name: "send_key", hidden: true }],
  wecom: [{ name: "webhook_url", hidden: true }],
  dingtalk: [{ name: "webhook_url", hidden: true }, { name: "secret", hidden: true, optional: true }],
  feishu: [{ name: "webhook_url", hidden: true }, { name: "secret", hidden: true, optional: true }],
  bark: [{ name: "device_key", hidden: true }, { name: "server_url", optional: true }],
  pushplus: [{ name: "token", hidden: true }],
  ntfy: [{ name: "topic", hidden: true }, { name: "server_url", optional: true }, { name: "access_token", hidden: true, optional: true }],
  webhook: [{ name: "url", hidden: true }, { name: "secret", hidden: true, optional: true }],
  email: [
    { name: "host" },
    { name: "port", optional: true },
    { name: "security", choices: ["starttls", "ssl", "none"] },
    { name: "username", optional: true },
    { name: "password", hidden: true, optional: true },
    { name: "from_address" },
    { name: "to_addresses" },
  ],
};
const CHANNEL_KINDS = Object.keys(CHANNEL_FIELDS) as ChannelKind[];
type ChannelLanguage = NonNullable<ChannelUpdate["language"]>;
const CHANNEL_LANGUAGES: readonly ChannelLanguage[] = ["zh-CN", "en"];

/** Choices of a channel's message language: the server's (""), then each language. */
function LanguageOptions() {
  const { t } = useTranslation();
  return (
    <>
      <option value="">{t("notify.language.server")}</option>
      {CHANNEL_LANGUAGES.map((language) => (
        <option key={language} value={language}>
          {t(`notify.language.${language}`)}
        </option>
      ))}
    </>
  );
}

interface ChannelFormProps {
  running: boolean;
  onSubmit: (channel: ChannelCreate) => Promise<boolean>;
}

function ChannelForm({ running, onSubmit }: ChannelFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ChannelKind>("telegram");
  const [values, setValues] = useState<Partial<Record<FieldName, string>>>({});
  const [summary, setSummary] = useState(false);
  const [language, setLanguage] = useState<ChannelLanguage | "">("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const config: Record<string, string> = { kind };
    for (const field of CHANNEL_FIELDS[kind]) {
      const value = values[field.name]?.trim() || field.choices?.[0];
      if (value) config[field.name] = value;
    }
    // The API checks each kind's fields and names any that are missing or malformed.
    const channel: ChannelCreate = {
      name: name.trim() || t(`notify.kind.${kind}`),
      config: config as unknown as ChannelConfig,
      summary,
      ...(language && { language }),
    };
    if (await onSubmit(channel)) {
      setName("");
      setLanguage("");
      setValues({});
      setSummary(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="grid items-start gap-3 sm:grid-cols-4" data-testid="channel-form">
      <FormField label={t("notify.kind")}>
        {(control) => (
          <select {...control} value={kind} onChange={(event) => setKind(event.target.value as ChannelKind)} className={INPUT_CLASS}>
            {CHANNEL_KINDS.map((option) => (
              <option key={option} value={option}>
                {t(`notify.kind.${option}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField label={t("notify.name")}>
        {(control) => <input {...control} value={name} autoComplete="off" onChange={(event) => setName(event.target.value)} className={INPUT_CLASS} />}
      </FormField>
      {CHANNEL_FIELDS[kind].map((field) => {
        const label = t(`notify.field.${field.name}`);
        return (
          <FormField key={`${kind}-${field.name}`} label={field.optional ? t("notify.optional", { label }) : label}>
            {(control) =>
              field.choices ? (
                <select
                  {...control}
                  value={values[field.name] ?? field.choices[0]}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                  className={INPUT_CLASS}
                >
                  {field.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {t(`notify.security.${choice}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...control}
                  type={field.hidden ? "password" : "text"}
                  autoComplete="off"
                  value={values[field.name] ?? ""}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                  className={INPUT_CLASS}
                />
              )
            }
          </FormField>
        );
      })}
      <FormField label={t("notify.language")}>
        {(control) => (
          <select {...control} value={language} onChange={(event) => setLanguage(event.target.value as ChannelLanguage | "")} className={INPUT_CLASS}>
            <LanguageOptions />
          </select>
        )}
      </FormField>
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" checked={summary} onChange={(event) => setSummary(event.target.checked)} />
        {t("notify.summary")}
      </label>
      <div>
        <button type="submit" disabled={running} className="rounded bg-blue-700 px-4 py-1.5 text-white hover:bg-blue-800 disabled:opacity-50">
          {t("notify.submit")}
        </button>
      </div>
    </form>
  );
}

function DeliveryLog({ channelId }: { channelId: number }) {
  const { t } = useTranslation();
  const log = useApi(`channel-deliveries-${channelId}`, (signal) => api.notifications.deliveries(channelId, signal));
  if (log.error) return <ErrorNotice error={log.error} onRetry={log.reload} />;
  if (!log.data) return <Loading small />;
  if (log.data.items.length === 0) return <p className="text-sm text-slate-600">{t("notify.logEmpty")}</p>;
  return (
    <ul className="space-y-0.5 text-sm" data-testid={`channel-log-${channelId}`}>
      {log.data.items.map((entry) => (
        <li key={entry.id} className="flex flex-wrap gap-x-3">
          <span className="text-slate-600">{formatDateTime(entry.attempted_at)}</span>
          <span>{t(`notify.event.${entry.event}`)}</span>
          <span className={entry.delivered ? "text-emerald-800" : entry.suppressed ? "text-slate-700" : "text-red-800"}>
            {entry.delivered ? t("notify.delivered") : entry.suppressed ? t("notify.suppressed") : t("notify.failed")}
          </span>
          <span className="tabular-nums text-slate-600">{t("notify.latency", { latency: entry.latency_ms })}</span>
          {entry.attempt > 1 && <span className="text-slate-600">{t("notify.retry", { attempt: entry.attempt })}</span>}
          {entry.error && <span className={entry.suppressed ? "text-slate-700" : "text-red-800"}>{entry.error}</span>}
        </li>
      ))}
    </ul>
  );
}

interface ChannelRowProps {
  channel: NotificationChannel;
  running: boolean;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
}

function ChannelRow({ channel, running, run }: ChannelRowProps) {
  const { t } = useTranslation();
  const [result, setResult] = useState<ChannelDelivery | null>(null);
  const [showLog, setShowLog] = useState(false);
  const [showLimits, setShowLimits] = useState(false);
  // A new key after each test reloads an open log with the new entry in it.
  const [logGeneration, setLogGeneration] = useState(0);

  const sendTest = () =>
    run(async () => {
      setResult(null);
      setResult(await api.notifications.test(channel.id));
      setLogGeneration((value) => value + 1);
    });

  return (
    <li className="space-y-1 py-2 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{channel.name}</span>
        <span className="text-slate-600">{t(`notify.kind.${channel.kind}`)}</span>
        <span className={channel.enabled ? "text-emerald-800" : "text-slate-600"}>
          {channel.enabled ? t("notify.enabled") : t("notify.disabled")}
        </span>
        <span className="text-slate-600" data-testid={`channel-limits-summary-${channel.id}`}>
          {channel.quiet_hours &&
            t("notify.quietSummary", { start: channel.quiet_hours.start.slice(0, 5), end: channel.quiet_hours.end.slice(0, 5) })}
          {channel.quiet_hours && " · "}
          {channel.max_alerts_per_hour === null ? t("notify.noLimit") : t("notify.limitSummary", { count: channel.max_alerts_per_hour })}
        </span>
        <button type="button" onClick={sendTest} className="ml-auto rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
          {t("notify.test")}
        </button>
        <button type="button" onClick={() => setShowLog(!showLog)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
          {showLog ? t("notify.hideLog") : t("notify.log")}
        </button>
        <button type="button" onClick={() => setShowLimits(!showLimits)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100">
          {t("notify.limits")}
        </button>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={channel.summary}
            onChange={() => run(() => api.notifications.update(channel.id, { summary: !channel.summary }))}
          />
          {t("notify.summary")}
        </label>
        <label className="flex items-center gap-1">
          {t("notify.language")}
          <select
            value={channel.language ?? ""}
            onChange={(event) =>
              run(() => api.notifications.update(channel.id, { language: (event.target.value || null) as ChannelLanguage | null }))
            }
            className="rounded border border-slate-300 px-1 py-0.5"
          >
            <LanguageOptions />
          </select>
        </label>
        <button
          type="button"
          onClick={() => run(() => api.notifications.update(channel.id, { enabled: !channel.enabled }))}
          className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
        >
          {channel.enabled ? t("notify.disable") : t("notify.enable")}
        </button>
        <button
          type="button"
          aria-label={t("notify.delete", { name: channel.name })}
          onClick={() => run(() => api.notifications.remove(channel.id))}
          className="rounded px-2 py-0.5 text-slate-700 hover:bg-red-50 hover:text-red-800"
        >
          {t("common.delete")}
        </button>
      </div>
      {result && (
        <p role="status" className={result.delivered ? "text-emerald-900" : "text-red-800"}>
          {result.delivered ? t("notify.testSent", { latency: result.latency_ms }) : t("notify.testFailed", { error: result.error ?? "" })}
        </p>
      )}
      {showLimits && (
        <ChannelLimits
          channel={channel}
          running={running}
          onSave={async (changes) => {
            const saved = await run(() => api.notifications.update(channel.id, changes));
            if (saved) setShowLimits(false);
            return saved;
          }}
        />
      )}
      {showLog && <DeliveryLog key={logGeneration} channelId={channel.id} />}
    </li>
  );
}

/** Settings → Notifications: where triggered alerts and the daily summary are sent, a test message for each, and their delivery logs. */
export function NotificationChannels() {
  const { t } = useTranslation();
  const channels = useApi("notification-channels", (signal) => api.notifications.channels(signal));
  const change = useSubmit();
  const [summarySent, setSummarySent] = useState<SummarySent | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    const done = await change.submit(action);
    if (done) channels.reload();
    return done;
  };

  return (
    <section className="space-y-3" data-testid="notification-channels">
      <Card title={t("notify.add")}>
        <p className="mb-2 text-sm text-slate-600">{t("notify.help")}</p>
        <p className="mb-2 text-sm text-slate-600">{t("notify.summaryHelp")}</p>
        <ChannelForm
          running={change.running}
          onSubmit={(channel) => run(() => api.notifications.create(channel))}
        />
      </Card>
      {change.error !== null && <ErrorNotice error={change.error} />}
      <AsyncCard title={t("notify.title")} state={channels} testId="channel-list">
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-sm text-slate-600">{t("notify.empty")}</p>
          ) : (
            <>
              <ul className="divide-y divide-slate-200">
                {items.map((channel) => (
                  <ChannelRow key={channel.id} channel={channel} running={change.running} run={run} />
                ))}
              </ul>
              {items.some((channel) => channel.summary && channel.enabled) && (
                <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
                  <button
                    type="button"
                    onClick={() => run(async () => setSummarySent(await api.notifications.sendSummary()))}
                    className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100"
                  >
                    {t("notify.sendSummary")}
                  </button>
                  {summarySent && <p role="status">{t("notify.summarySent", { day: summarySent.day, count: summarySent.channels })}</p>}
                </div>
              )}
            </>
          )
        }
      </AsyncCard>
    </section>
  );
}
