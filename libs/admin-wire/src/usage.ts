/** API keys, usage plans and usage as AWS's rest-json protocol sends them. */

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
  tags?: Record<string, string>;
}

export interface ThrottleWire {
  burstLimit?: number;
  rateLimit?: number;
}

export interface QuotaWire {
  limit: number;
  offset: number;
  period: 'DAY' | 'WEEK' | 'MONTH';
}

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
  tags?: Record<string, string>;
}

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
