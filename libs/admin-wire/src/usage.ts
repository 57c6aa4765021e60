/** API keys, usage plans and usage as AWS's rest-json protocol sends them. */

/** ApiKey as the admin API returns it (spec §1.3); `value` only on create or with includeValue(s)=true. */
export interface ApiKeyWire {
  id: string;
  value?: string;
  name?: string;
  customerId?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  /** Always present, `{}` when none, as AWS answers. */
  tags: Record<string, string>;
}

/** AWS's ThrottleSettings: both members optional on the wire. */
export interface ThrottleWire {
  burstLimit?: number;
  rateLimit?: number;
}

export interface QuotaWire {
  limit: number;
  offset: number;
  period: 'DAY' | 'WEEK' | 'MONTH';
}

/** An API stage of a plan; `throttle` keys are `{resourcePath}/{VERB}` (`//GET` for the root). */
export interface ApiStageWire {
  apiId: string;
  stage: string;
  throttle?: Record<string, ThrottleWire>;
}

export interface UsagePlanWire {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStageWire[];
  throttle?: ThrottleWire;
  quota?: QuotaWire;
  productCode?: string;
  /** Always present, `{}` when none, as AWS answers. */
  tags: Record<string, string>;
}

/** UsagePlanKey (spec §1.3): the key's id, type, value and name. */
export interface UsagePlanKeyWire {
  id: string;
  type: string;
  value: string;
  name?: string;
}

/** GetUsage's response (wire key `values`; the SDK calls it `items`): per key, one [used, remaining] pair per day. */
export interface UsageWire {
  usagePlanId: string;
  startDate: string;
  endDate: string;
  position?: string;
  values: Record<string, [number, number][]>;
}
