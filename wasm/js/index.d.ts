// Types of the chitieu package: every input and output of the JSON contract.
// Exact numbers are `Exact`: a JS number when the value is an integer within
// ±(2^53 − 1), otherwise a string holding a decimal ("84.7") or a fraction
// ("566/9"). Inputs accept numbers or such strings.

/** An exact number: an integer as a number, anything else as a string. */
export type Exact = number | string;
/** A date `YYYY-MM-DD`, or a `Date` (read in local time) where accepted. */
export type IsoDate = string;
export type DateInput = IsoDate | Date;
/** A period identifier: `2024`, `2024S1`, `2024Q3`, `202407`, `2024-07-15`, `2021-2025`, `2024-01-15/2024-03-31`. */
export type PeriodId = string;
export type Lang = 'vi' | 'en';
export type NumberFormat = 'vi' | 'en';

export interface Text { vi: string; en: string }

export type MeasureKind = 'stock' | 'cumulative' | 'ratio' | 'coverage';
export type Direction = 'increase' | 'decrease' | 'maintain';
export type PeriodType = 'day' | 'month' | 'quarter' | 'half-year' | 'year' | 'multi-year' | 'range';
export type ReportedAs = 'flow' | 'running-total';
export type AreaLevel = 'country' | 'province' | 'district' | 'commune' | 'village';
export type Classification = 'region-i' | 'region-ii' | 'region-iii' | 'especially-difficult-village' | 'ethnic-minority-area';
export type UnitKind = 'count' | 'percent' | 'money' | 'quantity';
export type ComponentKind = 'project' | 'sub-project' | 'content';
export type Qualifier = 'more-than' | 'nearly' | 'about' | 'at-least';
export type ObservationStatus = 'draft' | 'submitted' | 'approved';
export type ModelType =
  | 'community-communication-group' | 'trusted-address' | 'leaders-of-change-club' | 'livelihood-group'
  | 'trafficking-victim-livelihood' | 'village-savings-and-loan-group' | 'safe-motherhood-package';

export interface Target { period: PeriodId; area?: string; disaggregation?: Disaggregation; value: Exact }
export interface Baseline { value: Exact; period: PeriodId }
export interface Indicator {
  code: string; name: Text; unit: string; measure: MeasureKind; direction?: Direction; frequency?: PeriodType;
  reported_as?: ReportedAs; coverage_level?: AreaLevel; tolerance_percent?: Exact; baseline?: Baseline;
  targets?: Target[]; part_of_total?: boolean; sub_measures?: Indicator[]; report_phrase?: ReportPhrase;
}
/**
 * How a narrative report says an indicator. `result` may use `{achieved}`, `{target}`, `{standing}` and
 * `{sub_measures}` (a sub-measure's, `{achieved}` only); `plan` may use `{target}`.
 */
export interface ReportPhrase { result: Text; plan?: Text }
export interface Unit { code: string; name: Text; kind: UnitKind }
export interface Component {
  code: string; kind: ComponentKind; name: Text; lead?: Text; components?: Component[]; indicators?: Indicator[];
}
export interface Phase { id: string; name: Text; short_name?: Text; start: IsoDate; end: IsoDate }
export interface Framework {
  version: 1; code: string; name: Text; phases: Phase[]; units?: Unit[]; components: Component[];
}
export interface Area { code: string; name: Text; level: AreaLevel; parent?: string; tags?: Classification[] }
/** Dimension → category, e.g. `{ sex: 'female', ethnicity: 'hmong' }`. */
export type Disaggregation = Record<string, string>;
export interface Observation {
  indicator: string; area: string; period: PeriodId; disaggregation?: Disaggregation; value?: Exact;
  numerator?: Exact; denominator?: Exact; qualifier?: Qualifier; source?: string; status?: ObservationStatus;
}
export interface Activity {
  id: string; model: ModelType; area: string; start: IsoDate; end?: IsoDate; beneficiaries?: number; funding?: string;
  takes_deposits?: boolean; lends?: boolean; microfinance_programme?: string | null;
}
export interface Plan { id: string; area: string; period: PeriodId; deadline: IsoDate; approved?: IsoDate }
/** Reports a data set expects: from area targets, every area of a level, or areas named. */
export interface ExpectedReports {
  targets?: boolean;
  levels?: { level: AreaLevel; indicators?: string[]; periods?: PeriodId[] }[];
  areas?: { area: string; indicators?: string[]; periods?: PeriodId[] }[];
}
/** Expected areas with a figure, out of those expected to report. */
export interface Coverage { reporting: number; expected: number; level?: AreaLevel }
/** A data set: its framework inline, or a built-in one by name. */
export type DataSet = {
  version: 1; areas?: Area[]; observations?: Observation[]; activities?: Activity[]; plans?: Plan[];
  classification_lists?: ClassificationList[]; expected?: ExpectedReports;
} & ({ framework: Framework } | { builtin_framework: 'project8' });

export type Status = 'not-started' | 'in-progress' | 'achieved' | 'exceeded' | 'not-maintained';
export type PaceStatus = 'achieved' | 'on-track' | 'at-risk' | 'off-track';
export type UndefinedReason =
  | 'no-target' | 'zero-target' | 'no-data' | 'no-baseline' | 'no-planned-change' | 'phase-ended'
  | 'no-elapsed-periods' | 'not-applicable';

export interface Aggregate { value: Exact; numerator?: Exact; denominator?: Exact; qualifier?: Qualifier; observations: number }
export interface Pace {
  period_type: PeriodType; periods_elapsed: number; periods_remaining: number; baseline?: Exact; baseline_assumed: boolean;
  observed_per_period?: Exact; required_per_period?: Exact; ratio?: Exact; status?: PaceStatus;
  undefined?: Record<string, UndefinedReason>;
}
export interface RowDisplay {
  name: string; unit: string; achieved: string; target: string; percent: string; remaining: string;
  exceeded_by: string; status: string; next_year: string; planned_next_year: string; pace: string;
  coverage?: string;
}
export interface ProgressRow {
  code: string; name: Text; parent?: string; component: string; unit: string; measure: MeasureKind; direction: Direction;
  achieved?: Aggregate; target?: Exact; percent?: Exact; remaining?: Exact; exceeded_by?: Exact; status?: Status;
  next_year?: { period: PeriodId; target?: Exact; planned?: Exact }; pace?: Pace; expected?: Expected;
  undefined?: Record<string, UndefinedReason>; coverage?: Coverage; display: RowDisplay;
}
export interface Summary {
  indicators: number; with_target: number; by_status: Partial<Record<Status, number>>;
  by_pace: Partial<Record<PaceStatus, number>>; no_data: number;
}
/** What `invalid: 'exclude'` left out: how many observations, by reason, with the first paths. */
export type ExclusionReason =
  | 'unknown-indicator' | 'unknown-area' | 'duplicate' | 'shape' | 'negative' | 'not-whole' | 'part-above-whole'
  | 'percent-range';
export interface Excluded {
  total: number;
  by_reason: Partial<Record<ExclusionReason, { reason: Text; count: number; first: string[] }>>;
}
/** `error` (the default): the first problem of the data is the error; `exclude`: compute on what is valid. */
export type InvalidData = 'error' | 'exclude';
export interface ProgressReport {
  excluded?: Excluded;
  as_of: IsoDate; phase: { id: string; period: PeriodId; name: Text }; area: string; window: PeriodId;
  rows: ProgressRow[]; summary: Summary; components: (Summary & { component: string; name: Text })[];
  areas: { area: string; targeted: number; at_threshold: number; basically_achieved: boolean }[];
  /** The report in sentences, with `options.text`. */
  text?: Text;
}

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'value' | 'consistency' | 'legal' | 'eligibility' | 'plan' | 'reporting';
export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'compulsory-pair' | 'exclusive-pair';
export interface LegalBasis {
  document: string; name: Text; issuer: Text; article?: Text; amended_by?: string; citation: Text;
  effective_from: IsoDate; effective_to?: IsoDate;
}
export interface FindingRecord {
  kind: 'observation' | 'activity' | 'plan' | 'area' | 'target'; index: number; path: string; indicator?: string;
  area?: string; period?: PeriodId; disaggregation?: Disaggregation; date?: IsoDate;
}
export interface Finding {
  rule: string; severity: Severity; category: Category; record: FindingRecord; left?: Exact; operator?: Operator;
  right?: Exact; legal_basis?: LegalBasis[]; message: Text;
}
export interface ValidationReport {
  as_of: IsoDate; rules_run: number; findings: Finding[];
  summary: {
    total: number; by_severity: Partial<Record<Severity, number>>; by_rule: Record<string, number>;
    /** By the level of the area concerned (findings about an unknown code are under none). */
    by_level: Partial<Record<AreaLevel, number>>;
  };
}
/** Which rows a rule must see together (where it runs when data is split across machines). */
export type Locality = 'row' | 'series' | 'indicator' | 'area-period' | 'set-up';
export interface RuleInfo {
  id: string; severity: Severity; category: Category; locality: Locality; title: Text; message: Text; legal_basis?: LegalBasis[];
  scope: { indicators?: string[]; area_levels?: AreaLevel[]; period_types?: PeriodType[]; models?: ModelType[] };
}
export type AreaKind = 'province' | 'central-city' | 'district' | 'urban-district' | 'town' | 'provincial-city' | 'commune' | 'ward' | 'township' | 'special-zone' | 'village';
export interface SchemeArea { code: string; name: Text; kind: AreaKind; parent?: string }
export interface AreaScheme { id: string; name: Text; valid_from?: IsoDate; valid_to?: IsoDate; level: AreaLevel; areas: SchemeArea[] }
export interface CrosswalkLink { from: string; to: string; weight?: Exact; primary?: boolean }
/** How a divided area is shared out: by the new areas' surface, or wholly to its primary part. */
export type Divided = 'area' | 'primary';
export interface Crosswalk { from: string; to: string; links: CrosswalkLink[] }
export interface SchemeSet { version: 1; schemes?: AreaScheme[]; crosswalks?: Crosswalk[] }
export interface ResolvedArea {
  scheme: string; code: string; name: Text; kind: AreaKind;
  /** The areas it lies in, nearest first. */
  within?: Text;
  /** The area named, when it was no longer in force on the date and this is where it went. */
  successor_of?: ResolvedArea;
  /** Every part of a divided area, with its share. */
  parts?: { code: string; name: Text; weight: Exact }[];
}
/** One reference of `resolve-areas`, as the contract reads it (`evaluate` converts only the request's own `as_of` from a `Date`). */
export interface AreaQuery { reference: string; scheme?: string; as_of?: IsoDate }
/** One answer of `resolve-areas`: the area, or that reference's error (its path names its index). */
export type AreaAnswer = ResolvedArea | { error: ChitieuErrorObject };
export interface Rebased {
  data: DataSet; merged_observations: number;
  unmapped: { kind: 'area' | 'observation' | 'target' | 'activity' | 'plan'; path: string; area: string; reason: Text }[];
}
export interface ClassificationList {
  decision: string; classification: Classification; valid_from: IsoDate; valid_to?: IsoDate; areas: string[];
}
export type MissingValues = 'skip-if-any-missing' | 'skip-if-all-missing' | 'never-skip';
export interface UserRule {
  id: string; expression: string; severity?: Severity; title?: Text; message?: Text;
  missing?: { left?: MissingValues; right?: MissingValues }; period_types?: PeriodType[]; area_levels?: AreaLevel[];
}
export type ApportionMethod = 'largest-remainder' | 'dhondt' | 'sainte-lague' | 'huntington-hill';
export interface Allocation {
  total: Exact; method: ApportionMethod; ties: string[];
  allocations: { code: string; weight: Exact; quota: Exact; allocated: Exact }[];
}
/** A unit to allocate to: a weight, or a target and what is achieved (weighed by the gap). */
export type AllocationUnit = { code: string; floor?: Exact; cap?: Exact } &
  ({ weight: Exact; target?: never; achieved?: never } | { target: Exact; achieved: Exact; weight?: never });
export interface Point { period: PeriodId; value: Exact }
export type TrendMethod = 'linear' | 'unsd-cagr' | 'open-sdg' | 'escap-wls' | 'destatis';
export interface TrendOptions { method?: TrendMethod; thresholds?: Exact[]; weights?: 'linear' | 'uniform'; changes?: number }
export type TrendUndefined =
  | 'insufficient-data' | 'zero-baseline' | 'sign-change' | 'no-required-progress'
  | 'no-elapsed-periods' | 'not-applicable' | 'out-of-range';
export interface Trend {
  method: TrendMethod; reference: Text; direction: Direction; period_type: PeriodType;
  baseline: Point; current: Point; target: Point; periods_elapsed: number; periods_remaining: number;
  /** Exact figures are numbers or exact strings; growth-method figures are binary64 numbers. */
  fitted: Record<string, Exact>; projected?: Exact; statistic_name: Text; statistic?: Exact;
  thresholds: { at: Exact; class: string }[]; class?: string; label?: Text; status?: PaceStatus;
  deadline_passed: boolean; undefined?: { code: TrendUndefined; message: Text };
}
export type Profile = { kind: 'days' } | { kind: 'quarters' } | { kind: 'years'; shares: Exact[] };
export interface Expected {
  period: PeriodId; as_of: IsoDate; profile: Profile; baseline: Exact; target: Exact; share: Exact; expected: Exact;
  achieved?: Exact; achieved_share?: Exact; schedule?: 'ahead' | 'on-schedule' | 'behind'; message?: Text;
}
export interface Margin { code: string; total: number }
export interface BiproportionalTable { rows: string[]; columns: string[]; values: number[][]; fitted: number[][]; iterations: number }
export interface Distribution {
  count: number; min?: Exact; q1?: Exact; median?: Exact; q3?: Exact; max?: Exact;
  bands: { from?: Exact; below?: Exact; count: number }[];
}
export interface Score {
  targeted: number; achieved: number; on_track: number; share_achieved?: Exact; share_on_track?: Exact;
  basically_achieved: boolean; distribution: Distribution;
}
export interface Scores {
  as_of: IsoDate; phase: { id: string; period: PeriodId; name: Text }; area: string; basically_achieved_percent: Exact;
  overall: Score; components: ({ component: string; name: Text } & Score)[];
  areas: ({ area: string; name: Text; rank?: number } & Score)[]; distribution: Distribution;
  excluded?: Excluded;
}
export interface PeriodFacts {
  period: PeriodId; type: PeriodType; start: IsoDate; end: IsoDate; days: number; within?: PeriodId; contained?: boolean;
  count_in_within?: number | null; elapsed?: number | null; remaining?: number | null; contains_as_of?: boolean; as_of?: IsoDate;
  containing_as_of?: Partial<Record<'month' | 'quarter' | 'half-year' | 'year', PeriodId>>;
}

export interface ProgressOptions {
  lang?: Lang; decimals?: number; pace_period?: PeriodType; thresholds?: { on_track: Exact; at_risk: Exact };
  maintain_tolerance_percent?: Exact; basically_achieved_percent?: Exact; expected?: Profile;
  /** Also write the report in sentences (`text` in the result). */
  text?: boolean;
  /** In those sentences, say by how much a passed target was passed. */
  overshoot?: boolean;
}
export interface ValidateOptions {
  disabled?: string[]; severity?: Record<string, Severity>; stock_drop_percent?: Exact;
  eligibility?: Partial<Record<ModelType, Classification[]>>; rules?: UserRule[];
}
type Source = { data: DataSet; builtin?: never } | { builtin?: 'project8' | 'sample-province'; data?: never };

/** Requests of the JSON contract, by `op`. */
export type ChitieuRequest =
  | ({ version: 1; op: 'progress'; as_of: DateInput; phase?: string; area?: string; invalid?: InvalidData; options?: ProgressOptions } & Source)
  | ({ version: 1; op: 'rollup'; as_of: DateInput; phase?: string; indicator?: string; invalid?: InvalidData } & Source)
  | ({ version: 1; op: 'validate'; as_of: DateInput; options?: ValidateOptions } & Source)
  | ({ version: 1; op: 'check' } & Source)
  | ({ version: 1; op: 'parse-rule'; rule: UserRule } & Source)
  | { version: 1; op: 'allocate'; total: Exact; units: AllocationUnit[]; options?: { method?: ApportionMethod | 'hamilton' | 'jefferson' | 'webster' } }
  | { version: 1; op: 'trend'; series: Point[]; target: Point; baseline?: Point; direction?: Direction; options?: TrendOptions }
  | { version: 1; op: 'expected'; target: Point; as_of: DateInput; baseline?: Point; achieved?: Exact; direction?: Direction; options?: { profile?: Profile } }
  | { version: 1; op: 'biproportional'; rows: Margin[]; columns: Margin[]; weights: Exact[][] }
  | ({ version: 1; op: 'scores'; as_of: DateInput; phase?: string; area?: string; invalid?: InvalidData; options?: ProgressOptions } & Source)
  | { version: 1; op: 'period'; period: PeriodId; within?: PeriodId; as_of?: DateInput }
  | { version: 1; op: 'read-csv'; csv: string; number_format: NumberFormat }
  | { version: 1; op: 'write-csv'; observations: Observation[]; number_format: NumberFormat }
  | { version: 1; op: 'builtin'; builtin: 'project8' | 'sample-province' }
  | { version: 1; op: 'rules' }
  | ({ version: 1; op: 'rebase'; crosswalk: { from: string; to: string; links?: CrosswalkLink[]; divided?: Divided; weights?: CrosswalkLink[] }; schemes?: SchemeSet } & Source)
  | { version: 1; op: 'resolve-area'; reference: string; scheme?: string; as_of?: DateInput; schemes?: SchemeSet }
  | { version: 1; op: 'resolve-areas'; queries: AreaQuery[]; scheme?: string; as_of?: DateInput; schemes?: SchemeSet }
  | { version: 1; op: 'schemes' }
  | { version: 1; op: 'error-codes' }
  | ({ version: 1; op: 'read-dhis2'; json?: DataValueSet; csv?: string; mapping: Dhis2Mapping; invalid?: InvalidData } & Source)
  | ({ version: 1; op: 'write-dhis2'; mapping: Dhis2Mapping; options?: Dhis2ExportOptions } & Source)
  | ({ version: 1; op: 'dhis2-rules'; rules: { validationRules: unknown[] } | unknown[]; mapping: Dhis2Mapping } & Source)
  | ({ version: 1; op: 'write-iati'; as_of: DateInput; activity: IatiActivity; invalid?: InvalidData } & Source);

/** Which identifier of a DHIS2 object a file uses. */
export type IdScheme = 'uid' | 'code' | 'name';
/** Any of a DHIS2 object's identifiers. */
export interface Dhis2Ids { uid?: string; code?: string; name?: string }
/** Which part of an observation a DHIS2 value is. */
export type ValuePart = 'value' | 'numerator' | 'denominator';
/** DHIS2 identifiers and what they are in chitieu (the exchange guide). */
export interface Dhis2Mapping {
  id_scheme?: IdScheme; data_element_id_scheme?: IdScheme; org_unit_id_scheme?: IdScheme; default_combo?: string;
  data_elements: (Dhis2Ids & { category_option_combo?: Dhis2Ids; indicator: string; disaggregation?: Record<string, string>; part?: ValuePart })[];
  org_units: (Dhis2Ids & { area: string })[];
  attribute_option_combo?: { dimension: string; options: (Dhis2Ids & { category: string })[] };
  levels?: { level: number; area_level: AreaLevel }[];
}
/** A DHIS2 data value, as the Web API writes it. */
export interface DataValue {
  dataElement: string; period?: string; orgUnit?: string; categoryOptionCombo?: string; attributeOptionCombo?: string;
  value?: string | number; storedBy?: string; created?: string; lastUpdated?: string; comment?: string; followup?: boolean; deleted?: boolean;
}
/** A DHIS2 `dataValueSets` document. */
export interface DataValueSet {
  dataSet?: string; completeDate?: string; period?: string; orgUnit?: string; attributeOptionCombo?: string; dataValues: DataValue[];
}
/** DHIS2 fields kept beside an observation, by observation and part. */
export interface Dhis2Annotation {
  observation: number; part?: ValuePart; stored_by?: string; created?: string; last_updated?: string; comment?: string; followup?: boolean;
}
/** How to write `dataValueSets`. */
export interface Dhis2ExportOptions {
  format?: 'json' | 'csv'; levels?: AreaLevel[]; annotations?: Dhis2Annotation[]; invalid?: InvalidData;
}
/** An organisation as IATI names it. */
export interface IatiOrg { ref?: string; type?: string; role?: string; name: Text }
/** What IATI needs about the activity that the data set does not hold. */
export interface IatiActivity {
  identifier: string; reporting_org: IatiOrg; title?: Text; description: Text; participating_orgs: IatiOrg[];
  status?: string; recipient_country?: string; result_type?: string; lang?: Lang;
}
/** A problem of a DHIS2 exchange, with its position. */
export interface Problem { code: ErrorCode; path: string; line: number | null; column: number | null; message: Text }

export interface RollupRow {
  area: string; level: AreaLevel; value: Exact; numerator?: Exact; denominator?: Exact; qualifier?: Qualifier;
  observations: number; origin: 'reported' | 'children'; children?: Aggregate; coverage?: Coverage;
}
/** The `result` of each operation. */
export interface Results {
  progress: ProgressReport;
  rollup: { window: PeriodId; indicators: { indicator: string; rows: RollupRow[] }[]; excluded?: Excluded };
  validate: ValidationReport;
  check: { indicators: number; areas: number; observations: number; activities: number };
  'parse-rule': { id: string; left: string; operator: Operator; right: string; expression: string };
  allocate: Allocation;
  period: PeriodFacts;
  'read-csv': Observation[];
  'write-csv': string;
  builtin: DataSet;
  rules: RuleInfo[];
  rebase: Rebased;
  'resolve-area': ResolvedArea;
  'resolve-areas': AreaAnswer[];
  schemes: SchemeSet;
  trend: Trend;
  expected: Expected;
  biproportional: BiproportionalTable;
  scores: Scores;
  'error-codes': ErrorCode[];
  'read-dhis2': { data: DataSet; imported: number; deleted: number; problems: Problem[]; annotations: Dhis2Annotation[] };
  'write-dhis2': { json?: DataValueSet; csv?: string; values: number; problems: Problem[] };
  'dhis2-rules': { rules: UserRule[]; not_converted: { path: string; id: string | null; name: string | null; reason: Text }[] };
  'write-iati': { xml: string; results: number; indicators: number; excluded?: Excluded };
}
export interface ChitieuResponse<Op extends keyof Results = keyof Results> { version: 1; op: Op; result: Results[Op] }

/** The stable error codes of the core (the `error-codes` operation lists them). */
export type ErrorCode =
  | 'json-syntax'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'unknown-variant'
  | 'duplicate-key'
  | 'unknown-code'
  | 'invalid-number'
  | 'non-finite-number'
  | 'number-out-of-range'
  | 'invalid-date'
  | 'invalid-period'
  | 'invalid-code'
  | 'invalid-value'
  | 'unsupported-version'
  | 'csv-format'
  | 'arithmetic-overflow'
  | 'infeasible-allocation'
  | 'rule-syntax'
  | 'input-too-large'
  | 'ambiguous'
  | 'not-in-build';
/** An error as the contract writes it (`{code, path, line, column, message}`). */
export interface ChitieuErrorObject { code: ErrorCode; path: string; line: number | null; column: number | null; message: Text }

/** Errors thrown by every function: a JS `Error` with a stable `code` and the `path` of the bad input. */
export interface ChitieuError extends Error {
  name: 'ChitieuError';
  /**
   * A core code; `not-initialised` when the module is not loaded yet;
   * `wasm-trap` when the module stopped mid-call (out of memory) and was
   * restarted, or for a Dataset made before that restart; from a worker,
   * `unknown-function` or `worker-error` (the worker itself failed); from
   * an element, `fetch-failed`.
   */
  code: ErrorCode | 'not-initialised' | 'wasm-trap' | 'unknown-function' | 'worker-error' | 'fetch-failed';
  path: string;
  line: number | null;
  column: number | null;
  messageVi: string;
  messageEn: string;
}

/** Which module this entry loads: `core` (`chitieu`) or `full` (`chitieu/full`, and Node). */
export const build: 'core' | 'full';
/** Loads the WebAssembly module (browsers); safe to call more than once, concurrently too. */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
/** Loads the WebAssembly module from its bytes, synchronously. */
export function initSync(bytes: BufferSource | WebAssembly.Module): void;
/** A date as `YYYY-MM-DD`. */
export function isoDate(value: DateInput): IsoDate;
/** Evaluates a request of the JSON contract: the same result as Rust and Python. */
export function evaluate<R extends ChitieuRequest>(request: R): ChitieuResponse<R['op']>;
export function evaluate(request: string): ChitieuResponse;

type SourceOptions = { data: DataSet } | { builtin?: 'project8' | 'sample-province' };
/** Every progress option of the contract, in camelCase (`pacePeriod` is `pace_period`). */
export interface ProgressCallOptions {
  lang?: Lang; decimals?: number; pacePeriod?: PeriodType; thresholds?: { on_track: Exact; at_risk: Exact };
  maintainTolerancePercent?: Exact; basicallyAchievedPercent?: Exact; expected?: Profile;
}
/** Every validation option of the contract, in camelCase. */
export interface ValidateCallOptions {
  disabled?: string[]; severity?: Record<string, Severity>; rules?: UserRule[]; stockDropPercent?: Exact;
  eligibility?: Partial<Record<ModelType, Classification[]>>;
}
export function progress(
  options: SourceOptions & { asOf: DateInput; phase?: string; area?: string; invalid?: InvalidData } & ProgressCallOptions,
): ProgressReport;
export function validate(
  options: SourceOptions & { asOf: DateInput } & ValidateCallOptions,
): ValidationReport;
export function rollup(
  options: SourceOptions & { asOf: DateInput; phase?: string; indicator?: string; invalid?: InvalidData },
): Results['rollup'];
export function rebase(
  options: SourceOptions & { crosswalk?: { from: string; to: string; links?: CrosswalkLink[] }; schemes?: SchemeSet; divided?: Divided; weights?: CrosswalkLink[] },
): Rebased;
/** A DHIS2 `dataValueSets` file (JSON object or CSV text) read into a data set through a mapping. */
export function readDhis2(
  dataValues: DataValueSet | string, options: SourceOptions & { mapping: Dhis2Mapping; invalid?: InvalidData },
): Results['read-dhis2'];
/** A data set (or its roll-up to `levels`) as DHIS2 `dataValueSets`. */
export function writeDhis2(options: SourceOptions & { mapping: Dhis2Mapping } & Dhis2ExportOptions): Results['write-dhis2'];
/** DHIS2 validation rules as user rules for `validate`. */
export function dhis2Rules(
  rules: { validationRules: unknown[] } | unknown[], options: SourceOptions & { mapping: Dhis2Mapping },
): Results['dhis2-rules'];
/** The results as of a date as an IATI 2.03 activity file (XML text). */
export function writeIati(options: SourceOptions & { asOf: DateInput; activity: IatiActivity; invalid?: InvalidData }): string;
/** Loads the commune table (the package's `data/vn-communes.tsv`, a URL, or its text). */
export function loadCommunes(source?: string | URL): Promise<void>;
/** Installs the commune table from its text, synchronously. */
export function installCommunes(table: string): void;
export function resolveArea(reference: string, options?: { scheme?: string; asOf?: DateInput }): ResolvedArea;
/**
 * Many area codes or names in one call: one answer per reference, in order — the area,
 * or `{ error }` for one that does not resolve. A reference may carry its own `scheme` or `asOf`.
 */
export function resolveAreas(
  references: (string | { reference: string; scheme?: string; asOf?: DateInput })[],
  options?: { scheme?: string; asOf?: DateInput },
): AreaAnswer[];
export function allocate(
  total: Exact, weights: Record<string, Exact>,
  options?: { floors?: Record<string, Exact>; caps?: Record<string, Exact>; method?: ApportionMethod },
): Allocation;
/** A series' trend towards a target by a method (methods page of the crate docs). */
export function trend(
  series: Record<PeriodId, Exact> | [PeriodId, Exact][], target: [PeriodId, Exact],
  options?: TrendOptions & { baseline?: [PeriodId, Exact]; direction?: Direction },
): Trend;
/** The expected-to-date value of a target, and where `achieved` stands against it. */
export function expected(
  target: [PeriodId, Exact], asOf: DateInput,
  options?: { achieved?: Exact; baseline?: [PeriodId, Exact]; direction?: Direction; profile?: Profile },
): Expected;
/** An integer table whose rows and columns sum exactly to the given totals. */
export function biproportional(
  rows: Record<string, number>, columns: Record<string, number>, weights: Exact[][],
): BiproportionalTable;
/** Scores of the sub-areas of an area and of the components at it. */
export function scores(
  options: SourceOptions & { asOf: DateInput; phase?: string; area?: string; invalid?: InvalidData } & ProgressCallOptions,
): Scores;
export function period(id: PeriodId, options?: { within?: PeriodId; asOf?: DateInput }): PeriodFacts;
export function readCsv(csv: string, numberFormat: NumberFormat): Observation[];
export function builtin(name?: 'project8' | 'sample-province'): DataSet;
export function rules(): RuleInfo[];
/** The progress table as HTML: inline styles, or with `parts: true` `part` names for a shadow root. */
export function progressHtml(
  options: SourceOptions & { asOf: DateInput; phase?: string; area?: string; parts?: boolean } & ProgressCallOptions,
): string;
/** The findings table as HTML: inline styles, or with `parts: true` `part` names for a shadow root. */
export function findingsHtml(
  options: SourceOptions & { asOf: DateInput; lang?: Lang; parts?: boolean } & ValidateCallOptions,
): string;
/** Tidy CSV observations read into a data set's framework and areas, and validated: one call for a worker. */
export function validateCsv(
  csv: string,
  options: SourceOptions & { asOf: DateInput; numberFormat: NumberFormat } & ValidateCallOptions,
): ValidationReport;

/** Every function of the API, run in a Web Worker: each returns a promise. */
export type ChitieuWorker = {
  [K in keyof typeof import('./index.js') as (typeof import('./index.js'))[K] extends (...args: never[]) => unknown
    ? Exclude<K, 'createWorker' | 'initSync' | 'Dataset'>
    : never]: (typeof import('./index.js'))[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
} & {
  /** Stops the worker. */
  terminate(): void;
  /** The Worker itself. */
  readonly worker: Worker;
};
/**
 * Starts a Web Worker with the core module (`full: true`: the full one;
 * `wasm`: the module's URL when it is not beside the package), so a large
 * file is read and validated off the page's thread.
 */
export function createWorker(options?: { full?: boolean; wasm?: string | URL }): ChitieuWorker;
export function formatNumber(value: Exact, lang?: Lang, decimals?: number): string;

/** A data set held inside the WebAssembly module: parsed once, validated or rolled up many times. */
export class Dataset {
  private constructor();
  /** A data set from a JSON-shaped object or JSON text. */
  static fromJson(data: DataSet | string): Dataset;
  /** The same data set with its observations read from tidy CSV. */
  withCsv(csv: string, numberFormat: NumberFormat): Dataset;
  /** The number of observations. */
  readonly length: number;
  /** Every finding of every rule as of a date. */
  validate(asOf: DateInput, options?: ValidateOptions): ValidationReport;
  /** Every indicator (or one) rolled up to every area. */
  rollup(asOf: DateInput, options?: { phase?: string; indicator?: string; invalid?: InvalidData }): Results['rollup'];
  /** Releases the module memory it holds. */
  free(): void;
}
