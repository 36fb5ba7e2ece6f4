// A first look at a price CSV in the browser, before it is uploaded. The backend
// (etftool/marketdata/price_csv.py) does the real checking; this only reads the header and the
// first rows the way it does, so the user sees what will be imported.

/** The columns the import reads, each with the header names it accepts (any case). */
export const PRICE_COLUMNS = {
  date: ["date", "日期"],
  open: ["open", "开盘"],
  high: ["high", "最高"],
  low: ["low", "最低"],
  close: ["close", "收盘"],
  volume: ["volume", "成交量"],
} as const;
export type PriceColumn = keyof typeof PRICE_COLUMNS;
export const COLUMN_ORDER = Object.keys(PRICE_COLUMNS) as PriceColumn[];
export const REQUIRED_COLUMNS: readonly PriceColumn[] = ["date", "close"];

export interface PreviewRow {
  /** 1-based line of the file, as the API's errors count them. */
  line: number;
  values: Partial<Record<PriceColumn, string>>;
}

export interface CsvPreview {
  /** The recognised columns, in the order of COLUMN_ORDER. */
  columns: PriceColumn[];
  /** Required columns the header lacks: the import would be refused. */
  missing: PriceColumn[];
  rows: PreviewRow[];
  /** Data rows in the whole file (blank lines not counted). */
  rowCount: number;
}

/** UTF-8 (with or without BOM); otherwise GBK/GB18030, as spreadsheets on Chinese Windows save. */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("gb18030").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

/** CSV records (RFC 4180 quoting) with the 1-based line each one ends on. */
export function csvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let pending = false; // whether the current record has any content yet
  const endRecord = () => {
    fields.push(field);
    records.push({ line, fields });
    fields = [];
    field = "";
    pending = false;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
      pending = true;
    } else if (char === ",") {
      fields.push(field);
      field = "";
      pending = true;
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      endRecord();
      line++;
    } else {
      field += char;
      pending = true;
    }
  }
  if (pending || field) endRecord();
  return records;
}

export function previewPriceCsv(text: string, maxRows = 5): CsvPreview {
  const [header, ...data] = csvRecords(text);
  const positions: Partial<Record<PriceColumn, number>> = {};
  header?.fields.forEach((raw, position) => {
    const name = raw.trim().toLowerCase();
    for (const column of COLUMN_ORDER) {
      if ((PRICE_COLUMNS[column] as readonly string[]).includes(name) && positions[column] === undefined) {
        positions[column] = position;
      }
    }
  });
  const columns = COLUMN_ORDER.filter((column) => positions[column] !== undefined);
  const dataRows = data.filter((record) => record.fields.some((field) => field.trim() !== ""));
  return {
    columns,
    missing: REQUIRED_COLUMNS.filter((column) => positions[column] === undefined),
    rows: dataRows.slice(0, maxRows).map(({ line, fields }) => ({
      line,
      values: Object.fromEntries(columns.map((column) => [column, (fields[positions[column]!] ?? "").trim()])),
    })),
    rowCount: dataRows.length,
  };
}

/** The API's "line 5: bad date …" as its line and problem; null for messages naming no line. */
export function lineError(message: string): { line: number; problem: string } | null {
  const match = /^line (\d+): ([\s\S]*)$/.exec(message.trim());
  return match ? { line: Number(match[1]), problem: match[2] } : null;
}

/** The code the API defaults to: the file name without its extension, upper-cased. */
export function codeFromFileName(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, "").trim().toUpperCase();
}
